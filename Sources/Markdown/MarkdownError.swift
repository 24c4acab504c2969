/// Errors of the Markdown module.
public enum MarkdownError: Error, Sendable, Hashable, CustomStringConvertible {
    case parserUnavailable(String)

    public var description: String {
        switch self {
        case .parserUnavailable(let what): return "cmark-gfm could not \(what)"
        }
    }
}
