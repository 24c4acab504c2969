import CCmarkGFM
import Synchronization

/// Parses markdown with cmark-gfm, the GitHub-flavoured CommonMark reference parser, with the
/// table, strikethrough and autolink extensions.
public enum MarkdownDocument {
    /// cmark-gfm (0.29.0.gfm.6, as Debian ships it) keeps process-wide state without a lock: the
    /// extensions' registry, made by the first parse, and a table of the characters that start
    /// an inline, which attaching an extension to a parser marks and freeing that parser clears.
    /// Parses at once then lose strikethrough in the others (`ExtensionTests`). One at a time.
    private static let parsing = Mutex(())

    public static func parse(_ text: String) throws(MarkdownError) -> MarkdownNode {
        try parsing.withLock { _ throws(MarkdownError) in try parseAlone(text) }
    }

    private static func parseAlone(_ text: String) throws(MarkdownError) -> MarkdownNode {
        cmark_gfm_core_extensions_ensure_registered()
        guard let parser = cmark_parser_new(CMARK_OPT_DEFAULT) else { throw .parserUnavailable("create a parser") }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink"] {
            if let ext = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(parser, ext)
            }
        }
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, $0.count) }
        }
        guard let root = cmark_parser_finish(parser) else { throw .parserUnavailable("parse the document") }
        defer { cmark_node_free(root) }
        return convert(root)
    }

    private static func string(_ p: UnsafePointer<CChar>?) -> String {
        p.map { String(cString: $0) } ?? ""
    }

    private static func convert(_ node: OpaquePointer) -> MarkdownNode {
        var children: [MarkdownNode] = []
        var child = cmark_node_first_child(node)
        while let c = child {
            children.append(convert(c))
            child = cmark_node_next(c)
        }
        let typeName = string(cmark_node_get_type_string(node))
        let kind: MarkdownNode.Kind
        switch typeName {
        case "document": kind = .document
        case "heading": kind = .heading(level: Int(cmark_node_get_heading_level(node)))
        case "paragraph": kind = .paragraph
        case "block_quote": kind = .blockQuote
        case "list":
            kind = .list(ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                         start: Int(cmark_node_get_list_start(node)))
        case "item": kind = .item
        case "code_block":
            kind = .codeBlock(info: string(cmark_node_get_fence_info(node)), literal: string(cmark_node_get_literal(node)))
        case "html_block": kind = .htmlBlock(string(cmark_node_get_literal(node)))
        case "thematic_break": kind = .thematicBreak
        case "table": kind = .table(columns: Int(cmark_gfm_extensions_get_table_columns(node)))
        case "table_header": kind = .tableRow(header: true)
        case "table_row": kind = .tableRow(header: cmark_gfm_extensions_get_table_row_is_header(node) != 0)
        case "table_cell": kind = .tableCell
        case "text": kind = .text(string(cmark_node_get_literal(node)))
        case "code": kind = .code(string(cmark_node_get_literal(node)))
        case "emph": kind = .emphasis
        case "strong": kind = .strong
        case "strikethrough": kind = .strikethrough
        case "link": kind = .link(url: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case "image": kind = .image(url: string(cmark_node_get_url(node)), title: string(cmark_node_get_title(node)))
        case "softbreak": kind = .softBreak
        case "linebreak": kind = .lineBreak
        case "html_inline": kind = .htmlInline(string(cmark_node_get_literal(node)))
        default: kind = .other(typeName)
        }
        return MarkdownNode(kind: kind, children: children,
                            line: Int(cmark_node_get_start_line(node)), column: Int(cmark_node_get_start_column(node)))
    }
}
