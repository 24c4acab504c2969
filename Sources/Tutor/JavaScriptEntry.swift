/// JavaScript typed at the prompt over several lines, as Node's REPL takes it: lines are added
/// until brackets balance outside strings and comments. Each line is scanned once, so a long
/// entry costs its length, not its length squared.
struct JavaScriptEntry {
    private(set) var lines: [String] = []
    private var depth = 0
    /// The quote of a template literal left open at the end of a line (it may span lines).
    private var inTemplate = false
    private var inBlockComment = false

    var isEmpty: Bool { lines.isEmpty }
    var source: String { lines.joined(separator: "\n") }

    /// Adds a line; returns whether the entry is complete. A `'…` or `"…` string left open at
    /// the end of a line ends the entry (such strings cannot span lines, so the engine reports
    /// the SyntaxError instead of the entry swallowing everything after it).
    mutating func append(_ line: String) -> Bool {
        lines.append(line)
        var quote: Character? = inTemplate ? "`" : nil
        var escaped = false
        var previous: Character = " "
        var chars = Array(line)
        chars.append("\n")
        var i = 0
        while i < chars.count {
            let ch = chars[i]
            defer { previous = ch; i += 1 }
            if inBlockComment {
                if previous == "*" && ch == "/" { inBlockComment = false }
                continue
            }
            if let q = quote {
                if escaped { escaped = false } else if ch == "\\" { escaped = true } else if ch == q { quote = nil }
                continue
            }
            switch ch {
            case "\"", "'", "`": quote = ch
            case "/" where i + 1 < chars.count && chars[i + 1] == "/":
                i = chars.count  // a line comment: the rest of the line
            case "/" where i + 1 < chars.count && chars[i + 1] == "*":
                inBlockComment = true
                i += 1
                chars[i] = " "  // so "/*/" does not close at once
            case "(", "{", "[": depth += 1
            case ")", "}", "]": depth -= 1
            default: break
            }
        }
        inTemplate = quote == "`"
        let unclosedString = quote == "\"" || quote == "'"
        return unclosedString || (depth <= 0 && !inTemplate && !inBlockComment)
    }
}
