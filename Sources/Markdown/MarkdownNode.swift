/// A markdown block or inline, as cmark-gfm parsed it, with where it starts in the source.
public struct MarkdownNode: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case document
        case heading(level: Int)
        case paragraph
        case blockQuote
        case list(ordered: Bool, start: Int)
        case item
        case codeBlock(info: String, literal: String)
        case htmlBlock(String)
        case thematicBreak
        case table(columns: Int)
        case tableRow(header: Bool)
        case tableCell
        case text(String)
        case code(String)
        case emphasis
        case strong
        case strikethrough
        case link(url: String, title: String)
        case image(url: String, title: String)
        case softBreak
        case lineBreak
        case htmlInline(String)
        case other(String)
    }

    public var kind: Kind
    public var children: [MarkdownNode]
    /// 1-based line and column where the node starts.
    public var line: Int
    public var column: Int

    /// The node's text with inline markup removed.
    public var plainText: String {
        switch kind {
        case .text(let s), .code(let s): return s
        case .softBreak: return " "
        case .lineBreak: return "\n"
        default: return children.map(\.plainText).joined()
        }
    }
}
