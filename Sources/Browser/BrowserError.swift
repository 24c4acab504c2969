/// Errors of the simulated browser, each quoting what it was given.
public enum BrowserError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidURL(String)
    case unsupportedScheme(String)
    case unreachableHost(String)
    case noServer(String)
    case connectionFailed(String, String)
    case tooManyRedirects(Int, String)
    case invalidProfileName(String)
    case noSuchCookie(String)

    public var description: String {
        switch self {
        case .invalidURL(let s):
            return "\"\(s)\" is not a path or an http URL (try /path or http://localhost:3000/path)"
        case .unsupportedScheme(let s):
            return "\"\(s)\": crumbs's servers speak plain http (localhost already counts as a secure context)"
        case .unreachableHost(let h):
            return "\"\(h)\" is not on this machine: the browser reaches localhost and names ending in .localhost or .test"
        case .noServer(let s):
            return "nothing is listening at \(s): start a lesson step or `crumbs serve` first"
        case .connectionFailed(let url, let why):
            return "could not reach \(url): \(why)"
        case .tooManyRedirects(let n, let url):
            return "stopped after \(n) redirects, at \(url)"
        case .invalidProfileName(let s):
            return "\"\(s)\" is not a profile name: use letters, digits, - and _"
        case .noSuchCookie(let s):
            return "there is no cookie \"\(s)\" in this jar"
        }
    }
}
