/// Measuring, cutting and padding text by the columns it takes on screen, ignoring ANSI colour.
public enum TextLayout {
    /// Columns a string takes: each character one column, colour codes none.
    public static func width(_ s: String) -> Int {
        var n = 0
        var inEscape = false
        for ch in s {
            if inEscape {
                if ch == "m" { inEscape = false }
                continue
            }
            if ch == "\u{1B}" { inEscape = true; continue }
            n += 1
        }
        return n
    }

    /// Cuts to at most `width` columns, ending in "…" when cut; colour codes are kept.
    public static func truncate(_ s: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        guard self.width(s) > width else { return s }
        var out = ""
        var n = 0
        var inEscape = false
        var hadEscape = false
        for ch in s {
            if inEscape {
                out.append(ch)
                if ch == "m" { inEscape = false }
                continue
            }
            if ch == "\u{1B}" { inEscape = true; hadEscape = true; out.append(ch); continue }
            if n == width - 1 { break }
            out.append(ch)
            n += 1
        }
        return out + "…" + (hadEscape ? "\u{1B}[0m" : "")
    }

    /// Pads with spaces to exactly `width` columns (cutting when longer).
    public static func pad(_ s: String, _ width: Int) -> String {
        let t = truncate(s, width)
        return t + String(repeating: " ", count: max(0, width - self.width(t)))
    }

    /// Wraps words to lines of at most `width` columns, keeping a paragraph's leading spaces;
    /// continuation lines start with `indent`. A word longer than a line is cut into pieces.
    public static func wrap(_ s: String, _ width: Int, indent: String = "") -> [String] {
        guard width > indent.count + 1 else { return [truncate(s, width)] }
        var lines: [String] = []
        let indentWidth = self.width(indent)
        for paragraph in s.split(separator: "\n", omittingEmptySubsequences: false) {
            let lead = String(paragraph.prefix { $0 == " " })
            var line = lead
            // The line's width, kept as words are added (measuring the whole line again for
            // each word made long paragraphs quadratic).
            var lineWidth = lead.count
            var fresh = true
            for word in paragraph.dropFirst(lead.count).split(separator: " ") {
                let w = String(word)
                let wordWidth = self.width(w)
                if fresh {
                    line += w
                    lineWidth += wordWidth
                    fresh = false
                } else if lineWidth + 1 + wordWidth <= width {
                    line += " " + w
                    lineWidth += 1 + wordWidth
                } else {
                    lines.append(line)
                    line = indent + w
                    lineWidth = indentWidth + wordWidth
                }
                while lineWidth > width {
                    lines.append(String(line.prefix(width)))
                    line = indent + String(line.dropFirst(width))
                    lineWidth = self.width(line)
                }
            }
            lines.append(line)
        }
        return lines
    }

    /// Breaks one line of code into pieces of at most `width` columns, after a space where it
    /// can (so no token is split), keeping every character: joined back they are the line.
    /// Only a token longer than a whole piece is cut.
    public static func breakCode(_ line: String, _ width: Int) -> [String] {
        guard width > 0, self.width(line) > width else { return [line] }
        var pieces: [String] = []
        var rest = Substring(line)
        while self.width(String(rest)) > width {
            var cut = rest.startIndex
            var columns = 0
            var lastSpace: Substring.Index?
            while cut < rest.endIndex {
                let w = self.width(String(rest[cut]))
                if columns + w > width { break }
                columns += w
                if rest[cut] == " " { lastSpace = rest.index(after: cut) }
                cut = rest.index(after: cut)
            }
            if let space = lastSpace, space > rest.startIndex, rest[rest.startIndex..<space].contains(where: { $0 != " " }) { cut = space }
            pieces.append(String(rest[..<cut]))
            rest = rest[cut...]
        }
        pieces.append(String(rest))
        return pieces
    }

    /// Two columns of lines side by side, each `columnWidth` wide, with `gap` spaces between.
    public static func sideBySide(_ left: [String], _ right: [String], columnWidth: Int, gap: Int = 2) -> [String] {
        (0..<max(left.count, right.count)).map { i in
            let l = i < left.count ? left[i] : ""
            let r = i < right.count ? right[i] : ""
            let joined = pad(l, columnWidth) + String(repeating: " ", count: gap) + truncate(r, columnWidth)
            return trimRight(joined)
        }
    }

    /// A panel: a title rule, the lines indented under it.
    public static func panel(title: String, lines: [String], width: Int, theme: Theme) -> [String] {
        let head = "── \(title) "
        let rule = theme.paint(head + String(repeating: "─", count: max(0, width - self.width(head))), .dim)
        return [truncate(rule, width)] + lines.map { truncate($0, width) }
    }

    static func trimRight(_ s: String) -> String {
        var t = s
        while t.hasSuffix(" ") { t.removeLast() }
        return t
    }
}
