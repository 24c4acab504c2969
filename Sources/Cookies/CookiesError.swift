/// Errors of the Cookies module.
public enum CookiesError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A cookies.txt line that is not seven tab-separated fields.
    case malformedCookiesTxt(line: Int, text: String, problem: String)
    /// A hand-made cookie the jar cannot hold.
    case invalidCookie(name: String, problem: String)

    public var description: String {
        switch self {
        case .malformedCookiesTxt(let line, let text, let problem):
            return "cookies.txt line \(line): \(problem): \"\(text)\""
        case .invalidCookie(let name, let problem):
            return "cookie \"\(name)\": \(problem)"
        }
    }
}
