import Cookies
/// A request as the server hands it to the app.
public struct IncomingRequest: Sendable, Hashable {
    public var method: String
    /// The request target: path and query.
    public var target: String
    /// Header lines in the order they arrived.
    public var headers: [HeaderField]
    public var body: String
    public var remoteAddress: String
    /// The client's port: which of a client's connections the request came on.
    public var remotePort: Int?

    public init(method: String, target: String, headers: [HeaderField], body: String = "", remoteAddress: String = "127.0.0.1",
                remotePort: Int? = nil) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        self.remoteAddress = remoteAddress
        self.remotePort = remotePort
    }
}

/// A response as the app produced it.
public struct OutgoingResponse: Sendable, Hashable {
    public var status: Int
    public var reason: String
    public var headers: [HeaderField]
    public var body: String

    public init(status: Int, reason: String, headers: [HeaderField], body: String) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    public var setCookies: [String] {
        headers.filter { $0.name.lowercased() == "set-cookie" }.map(\.value)
    }
}


