import Markdown
import TerminalUI

/// Markdown (as cmark-gfm parsed it) to terminal lines: headings, emphasis, inline code,
/// lists, tables, links as text plus URL, and code blocks with JavaScript highlighted.
enum MarkdownText {
    static func render(_ nodes: [MarkdownNode], width: Int, theme: Theme) -> [String] {
        var out: [String] = []
        for node in nodes {
            let block = renderBlock(node, width: width, theme: theme)
            if block.isEmpty { continue }
            if !out.isEmpty { out.append("") }
            out += block
        }
        return out
    }

    static func renderBlock(_ node: MarkdownNode, width: Int, theme: Theme) -> [String] {
        switch node.kind {
        case .heading:
            return [theme.paint(inline(node.children, theme: theme), .bold)]
        case .paragraph:
            return TextLayout.wrap(inline(node.children, theme: theme), width)
        case .blockQuote:
            return render(node.children, width: width - 2, theme: theme).map { theme.paint("│ ", .dim) + $0 }
        case .list(let ordered, let start):
            var lines: [String] = []
            for (i, item) in node.children.enumerated() {
                let marker = ordered ? "\(start + i). " : "• "
                let body = render(item.children, width: width - marker.count, theme: theme)
                for (j, line) in body.enumerated() {
                    lines.append((j == 0 ? marker : String(repeating: " ", count: marker.count)) + line)
                }
            }
            return lines
        case .codeBlock(let info, let literal):
            var code = literal
            if code.hasSuffix("\n") { code.removeLast() }
            let isJS = info.hasPrefix("js") || info.hasPrefix("javascript")
            return code.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.isEmpty ? "" : "    " + (isJS ? highlight(String(line), theme: theme) : String(line))
            }
        case .table:
            let rows = node.children.map { row in row.children.map { inline($0.children, theme: .plain) } }
            guard let header = rows.first else { return [] }
            return Table(headers: header, rows: Array(rows.dropFirst()), flexible: Set(header.indices)).render(width: width, theme: theme)
        case .thematicBreak:
            return [theme.paint(String(repeating: "─", count: min(width, 40)), .dim)]
        case .htmlBlock(let html):
            return [html.trimmingCharacters(in: .newlines)]
        default:
            return TextLayout.wrap(node.plainText, width)
        }
    }

    static func inline(_ nodes: [MarkdownNode], theme: Theme) -> String {
        nodes.map { node -> String in
            switch node.kind {
            case .text(let s): return s
            case .code(let s): return theme.color ? theme.paint(s, .accent) : "`\(s)`"
            case .emphasis: return inline(node.children, theme: theme)
            case .strong: return theme.paint(inline(node.children, theme: theme), .bold)
            case .strikethrough: return inline(node.children, theme: theme)
            case .link(let url, _):
                let text = inline(node.children, theme: theme)
                return text == url ? url : "\(text) (\(url))"
            case .image(let url, _): return "[image: \(inline(node.children, theme: theme))] (\(url))"
            case .softBreak: return " "
            case .lineBreak: return "\n"
            case .htmlInline(let s): return s
            default: return inline(node.children, theme: theme)
            }
        }.joined()
    }

    static let keywords: Set<String> = [
        "const", "let", "var", "function", "return", "if", "else", "new", "require", "throw", "try", "catch",
        "async", "await", "true", "false", "null", "undefined", "typeof", "for", "of", "in", "while",
    ]

    /// Colours keywords, strings and comments in one line of JavaScript.
    static func highlight(_ line: String, theme: Theme) -> String {
        guard theme.color else { return line }
        var out = ""
        var word = ""
        var chars = Array(line)[...]
        func flushWord() {
            if keywords.contains(word) { out += theme.paint(word, .accent) } else { out += word }
            word = ""
        }
        while let ch = chars.first {
            if ch == "/" && chars.dropFirst().first == "/" {
                flushWord()
                out += theme.paint(String(chars), .dim)
                return out
            }
            if ch == "\"" || ch == "'" || ch == "`" {
                flushWord()
                var s = String(ch)
                chars = chars.dropFirst()
                while let c = chars.first {
                    s.append(c)
                    chars = chars.dropFirst()
                    if c == ch { break }
                }
                out += theme.paint(s, .added)
                continue
            }
            if ch.isLetter || ch.isNumber || ch == "_" || ch == "$" {
                word.append(ch)
            } else {
                flushWord()
                out.append(ch)
            }
            chars = chars.dropFirst()
        }
        flushWord()
        return out
    }
}
