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
    /// SQLite refused a session store's statement: its result code's name (`SQLITE_CANTOPEN`),
    /// number and message, as node-sqlite3 reports them.
    case sqlite(code: String, errno: Int, message: String)

    public var description: String {
        switch self {
        case .code(let e): return e.description
        case .noApp(let file): return "\(file): the code never calls express(), so there is no app to serve"
        case .cannotListen(let host, let port, let reason): return "cannot listen on \(host):\(port): \(reason)"
        case .evaluation(let e): return e.description
        case .sqlite(let code, _, let message): return "\(code): \(message)"
        }
    }
}
