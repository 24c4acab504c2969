/// node-postgres sends a query without parameters in the simple protocol, where one text may
/// hold several statements (connect-pg-simple's table.sql has three); postgres-nio speaks only
/// the extended protocol, one statement at a time. This splits such a text at its semicolons,
/// leaving those inside quotes, dollar quotes and comments alone (PostgreSQL docs §4.1).
enum PGStatements {
    static func split(_ sql: String) -> [String] {
        let s = Array(sql.unicodeScalars)
        var statements: [String] = []
        var start = 0, i = 0
        var meaningful = false
        func flush(_ end: Int) {
            if meaningful {
                var text = String(String.UnicodeScalarView(s[start..<end]))
                while text.first?.isWhitespace == true { text.removeFirst() }
                statements.append(text)
            }
            meaningful = false
        }
        while i < s.count {
            let c = s[i]
            let next: Unicode.Scalar? = i + 1 < s.count ? s[i + 1] : nil
            switch c {
            case "-" where next == "-":
                while i < s.count, s[i] != "\n" { i += 1 }
                continue
            case "/" where next == "*":
                var depth = 0
                repeat {
                    if s[i] == "/", i + 1 < s.count, s[i + 1] == "*" { depth += 1; i += 2; continue }
                    if s[i] == "*", i + 1 < s.count, s[i + 1] == "/" { depth -= 1; i += 2; continue }
                    i += 1
                } while i < s.count && depth > 0
                continue
            case "'", "\"":
                meaningful = true
                // E'…' strings take backslash escapes.
                let escapes = c == "'" && i > 0 && (s[i - 1] == "E" || s[i - 1] == "e")
                i += 1
                while i < s.count {
                    if escapes, s[i] == "\\" { i += 2; continue }
                    if s[i] == c {
                        if i + 1 < s.count, s[i + 1] == c { i += 2; continue }
                        break
                    }
                    i += 1
                }
                i += 1
                continue
            case "$":
                meaningful = true
                // $tag$ … $tag$, where tag is empty or an identifier.
                var j = i + 1
                while j < s.count, s[j] == "_" || s[j].properties.isAlphabetic || (j > i + 1 && ("0"..."9").contains(s[j])) { j += 1 }
                if j < s.count, s[j] == "$" {
                    let tag = Array(s[i...j])
                    var k = j + 1
                    while k + tag.count <= s.count, Array(s[k..<k + tag.count]) != tag { k += 1 }
                    i = min(s.count, k + tag.count)
                    continue
                }
                i += 1
                continue
            case ";":
                flush(i)
                start = i + 1
                i += 1
                continue
            default:
                if !c.properties.isWhitespace { meaningful = true }
                i += 1
            }
        }
        flush(s.count)
        return statements
    }
}
