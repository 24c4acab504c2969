/// What stands between the server and the app when the app runs as several copies: for each
/// request it chooses the runtime that answers (a load balancer), begins it there, and hands
/// the answer back. Without one, the server sends every request to its own runtime.
public protocol RequestFront: Sendable {
    /// Starts `request` on the runtime that answers it; `reply` gets the answer, on that
    /// runtime's loop (or at once, when no runtime can take it).
    func dispatch(_ request: IncomingRequest, reply: @escaping @Sendable (ExpressRuntime.Handled) -> Void)
    /// The client at `port` closed its connection (see `ExpressRuntime.clientLeft(port:)`).
    func clientLeft(port: Int)
}

extension ExpressRuntime {
    /// The answer to a request a stuck app cannot take: 503 with the reason, from no request.
    public static func unavailableHandled(_ reason: String) -> Handled { Handled(id: 0, response: unavailable(reason)) }
}
