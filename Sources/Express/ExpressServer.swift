import Cookies
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// The HTTP/1.1 server in front of an Express app: NIO does the I/O, the runtime runs the
/// JavaScript. Real clients (curl, a browser) work against it.
public actor ExpressServer {
    /// One request the server answered (or did not), for `crumbs serve` and the tutor.
    public struct Record: Sendable {
        public var request: IncomingRequest
        public var handled: ExpressRuntime.Handled
    }

    public static let maxBodyBytes = 1 << 20
    /// The loops that read requests and write answers, shared by every server: the socket work
    /// runs beside the app's JavaScript instead of taking turns with it.
    static let ioGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton

    public nonisolated let runtime: ExpressRuntime
    private let now: @Sendable () -> Date
    private let onRequest: (@Sendable (Record) -> Void)?
    private var serverChannel: (any Channel)?
    private let connections = Connections()
    public private(set) var host = "127.0.0.1"
    public private(set) var port = 0
    /// Set when the requested port was taken and another was used.
    public private(set) var portNote: String?

    public init(runtime: ExpressRuntime, now: @escaping @Sendable () -> Date,
                onRequest: (@Sendable (Record) -> Void)? = nil) {
        self.runtime = runtime
        self.now = now
        self.onRequest = onRequest
    }

    /// Listens on `host:port`; when that port is taken, on a free one instead (said in
    /// `portNote`). Port 0 asks for any free port. Returns the port.
    @discardableResult
    public func start(host: String = "127.0.0.1", port: Int) async throws(ExpressError) -> Int {
        let channel: any Channel
        do {
            channel = try await bind(host: host, port: port)
            portNote = nil
        } catch {
            guard port != 0, "\(error)".contains("in use") || "\(error)".contains("EADDRINUSE") else {
                throw .cannotListen(host: host, port: port, reason: "\(error)")
            }
            do {
                channel = try await bind(host: host, port: 0)
            } catch {
                throw .cannotListen(host: host, port: 0, reason: "\(error)")
            }
            portNote = "port \(port) is taken, so the app listens on port \(channel.localAddress?.port ?? 0) instead"
        }
        serverChannel = channel
        self.host = host
        self.port = channel.localAddress?.port ?? port
        await runtime.didListen(port: self.port)
        return self.port
    }

    /// Stops listening, stops the app and closes every open connection; requests still
    /// waiting get no response.
    public func stop() async {
        await runtime.stop()
        try? await serverChannel?.close()
        serverChannel = nil
        for channel in connections.all { try? await channel.close() }
    }

    private func bind(host: String, port: Int) async throws -> any Channel {
        let runtime = self.runtime
        let now = self.now
        let onRequest = self.onRequest
        let connections = self.connections
        return try await ServerBootstrap(group: ExpressServer.ioGroup)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                connections.add(channel)
                return channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: false)
                    try channel.pipeline.syncOperations.addHandler(ProtocolErrorHandler())
                    try channel.pipeline.syncOperations.addHandler(
                        RequestHandler(runtime: runtime, now: now, onRequest: onRequest))
                }
            }
            .bind(host: host, port: port)
            .get()
    }
}

/// The server's open connections, so that stopping it closes them (the loops they run on are
/// shared and outlive the server).
private final class Connections: Sendable {
    private let open = Mutex<[ObjectIdentifier: any Channel]>([:])

    func add(_ channel: any Channel) {
        let key = ObjectIdentifier(channel)
        open.withLock { $0[key] = channel }
        channel.closeFuture.whenComplete { [self] _ in open.withLock { $0[key] = nil } }
    }

    var all: [any Channel] { open.withLock { Array($0.values) } }
}

/// Answers a request the HTTP parser cannot read as Node does: 431 when the headers are too
/// large, 400 otherwise; then closes the connection.
private final class ProtocolErrorHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private var responding = false

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parserError = error as? HTTPParserError, !responding else {
            context.close(promise: nil)
            return
        }
        let tooLarge = parserError == .headerOverflow
        let status: HTTPResponseStatus = tooLarge ? .requestHeaderFieldsTooLarge : .badRequest
        let text = tooLarge ? "request headers too large" : "malformed HTTP request"
        var headers = HTTPHeaders()
        headers.add(name: "Connection", value: "close")
        headers.add(name: "Content-Type", value: "text/plain; charset=utf-8")
        headers.add(name: "Content-Length", value: String(text.utf8.count))
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: text)))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        responding = true
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head: responding = true
        case .end: responding = false
        case .body: break
        }
        context.write(data, promise: promise)
    }
}

/// Collects each request, hands it to the runtime, and writes the answer back in order.
private final class RequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let runtime: ExpressRuntime
    private let now: @Sendable () -> Date
    private let onRequest: (@Sendable (ExpressServer.Record) -> Void)?
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false

    init(runtime: ExpressRuntime, now: @escaping @Sendable () -> Date, onRequest: (@Sendable (ExpressServer.Record) -> Void)?) {
        self.runtime = runtime
        self.now = now
        self.onRequest = onRequest
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body = []
            tooLarge = false
        case .body(let buffer):
            if body.count + buffer.readableBytes > ExpressServer.maxBodyBytes { tooLarge = true } else { body += buffer.readableBytesView }
        case .end:
            guard let head else { return }
            self.head = nil
            if tooLarge {
                write(context: context, keepAlive: false, version: head.version, response: OutgoingResponse(
                    status: 413, reason: "Payload Too Large", headers: [Header("Content-Type", "text/plain; charset=utf-8")],
                    body: "request body larger than \(ExpressServer.maxBodyBytes) bytes"))
                return
            }
            // Node's requireHostHeader: an HTTP/1.1 request without Host gets 400, and the app
            // never sees it.
            if head.version == .http1_1 && !head.headers.contains(name: "Host") {
                var headers = HTTPHeaders()
                headers.add(name: "Connection", value: "close")
                headers.add(name: "Date", value: Self.httpDate(now()))
                headers.add(name: "Transfer-Encoding", value: "chunked")
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .badRequest, headers: headers))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
                return
            }
            let request = IncomingRequest(
                method: head.method.rawValue, target: head.uri,
                headers: head.headers.map { Header($0.name, $0.value) },
                body: String(decoding: body, as: UTF8.self),
                remoteAddress: context.channel.remoteAddress?.ipAddress ?? "127.0.0.1")
            let keepAlive = head.isKeepAlive
            let version = head.version
            let onRequest = self.onRequest
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let connectionLoop = context.eventLoop
            // The JavaScript runs on the runtime's own loop (its executor); the answer comes back
            // to this connection's loop to be written.
            runtime.loop.execute { [runtime] in
                runtime.assumeIsolated { runtime in
                    runtime.begin(request) { handled in
                        onRequest?(ExpressServer.Record(request: request, handled: handled))
                        connectionLoop.execute {
                            let (handler, context) = bound.value
                            guard let response = handled.response else {
                                context.close(promise: nil)
                                return
                            }
                            handler.write(context: context, keepAlive: keepAlive, version: version, response: response)
                        }
                    }
                }
            }
        }
    }

    private func write(context: ChannelHandlerContext, keepAlive: Bool, version: HTTPVersion, response: OutgoingResponse) {
        var headers = HTTPHeaders()
        for h in response.headers { headers.add(name: h.name, value: h.value) }
        let bytes = Array(response.body.utf8)
        // Node adds these after the app's own headers.
        headers.add(name: "Date", value: Self.httpDate(now()))
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        if keepAlive { headers.add(name: "Keep-Alive", value: "timeout=5") }
        if !headers.contains(name: "Content-Length") && !headers.contains(name: "Transfer-Encoding") {
            headers.add(name: "Content-Length", value: String(bytes.count))
        }
        let status = HTTPResponseStatus(statusCode: response.status, reasonPhrase: response.reason)
        // Node answers HTTP/1.0 requests with an HTTP/1.1 status line too.
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        if !bytes.isEmpty {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(bytes: bytes)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            if !keepAlive { context.close(promise: nil) }
        }
    }

    /// The Date header: an IMF-fixdate, as in Set-Cookie.
    static func httpDate(_ date: Date) -> String { CookieDate.format(date) }
}
