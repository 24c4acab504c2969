import JavaScript

/// Errors of the Express runtime, each quoting what went wrong.
public enum ExpressError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The app's code did not parse or threw while loading.
    case code(JSError)
    /// The code never creates an Express app.
    case noApp(file: String)
    /// The server could not listen.
    case cannotListen(host: String, port: Int, reason: String)
    /// Typed JavaScript failed.
    case evaluation(JSError)

    public var description: String {
        switch self {
        case .code(let e): return e.description
        case .noApp(let file): return "\(file): the code never calls express(), so there is no app to serve"
        case .cannotListen(let host, let port, let reason): return "cannot listen on \(host):\(port): \(reason)"
        case .evaluation(let e): return e.description
        }
    }
}
