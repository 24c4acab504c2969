import Foundation

/// Something the server did that the tutor shows: console output, or one decision and why.
public struct ServerEvent: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `console.log` and friends: "log", "info", "warn", "error", "debug".
        case console(level: String)
        /// A decision by a middleware ("express-session", "cookie-parser", "express") and why.
        case decision(source: String)
        /// The runtime's own notes: a request stopped, a route that never answered.
        case note
    }

    public var kind: Kind
    public var text: String
    /// The request this happened in; 0 while the app loads or outside any request.
    public var requestID: Int

    public init(kind: Kind, text: String, requestID: Int) {
        self.kind = kind
        self.text = text
        self.requestID = requestID
    }

    public var isConsole: Bool {
        if case .console = kind { return true }
        return false
    }

    /// "express-session: saved …" for decisions, the text itself otherwise.
    public var line: String {
        if case .decision(let source) = kind { return "\(source): \(text)" }
        return text
    }
}
