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
    /// Node's --max-http-header-size: the request line and headers together, in bytes (431 above).
    public static let maxHeaderBytes = 16 * 1024

    /// How long a connection may sit idle or send a request slowly, as Node's http.Server.
    public struct Timeouts: Sendable, Hashable {
        /// `server.keepAliveTimeout`: an idle connection after a response is closed.
        public var keepAlive: TimeAmount
        /// `server.headersTimeout`: from a request's first byte to the end of its headers.
        public var headers: TimeAmount
        /// `server.requestTimeout`: from a request's first byte to the end of its body.
        public var request: TimeAmount

        public init(keepAlive: TimeAmount = .seconds(5), headers: TimeAmount = .seconds(60), request: TimeAmount = .seconds(300)) {
            self.keepAlive = keepAlive
            self.headers = headers
            self.request = request
        }

        /// Node 20's defaults: 5 s, 60 s, 300 s.
        public static let node = Timeouts()
    }
    /// The loops that read requests and write answers, shared by every server: the socket work
    /// runs beside the app's JavaScript instead of taking turns with it.
    static let ioGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton

    public nonisolated let runtime: ExpressRuntime
    /// Chooses the runtime of each request when the app runs as several copies; nil: `runtime`.
    public nonisolated let front: (any RequestFront)?
    private let now: @Sendable () -> Date
    private let onRequest: (@Sendable (Record) -> Void)?
    private var serverChannel: (any Channel)?
    private let connections = Connections()
    private let timeouts: Timeouts
    /// Carries the app's answers to the connections' loops.
    private let outbox: Outbox
    public private(set) var host = "127.0.0.1"
    public private(set) var port = 0
    /// Set when the requested port was taken and another was used.
    public private(set) var portNote: String?

    public init(runtime: ExpressRuntime, now: @escaping @Sendable () -> Date,
                onRequest: (@Sendable (Record) -> Void)? = nil, timeouts: Timeouts = .node, front: (any RequestFront)? = nil) {
        self.runtime = runtime
        self.front = front
        self.timeouts = timeouts
        self.now = now
        self.onRequest = onRequest
        self.outbox = Outbox(runtimeLoop: runtime.loop)
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
            // Told by its errno code: the port is taken (EADDRINUSE), so another is tried.
            guard port != 0, (error as? IOError)?.errnoCode == EADDRINUSE else {
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
        // A stuck app's thread never takes another call.
        if runtime.stuck.reason == nil {
            await runtime.stop()
            // The requests the app never answered are reported before the server says it stopped.
            await outbox.drain()
        }
        try? await serverChannel?.close()
        serverChannel = nil
        for channel in connections.all { try? await channel.close() }
    }

    private func bind(host: String, port: Int) async throws -> any Channel {
        let runtime = self.runtime
        let now = self.now
        let onRequest = self.onRequest
        let connections = self.connections
        let timeouts = self.timeouts
        let front = self.front
        let outbox = self.outbox
        return try await ServerBootstrap(group: ExpressServer.ioGroup)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                connections.add(channel)
                return channel.eventLoop.makeCompletedFuture {
                    let timer = ConnectionTimeouts(timeouts)
                    try channel.pipeline.syncOperations.addHandler(ByteActivity(timer))
                    // Every header an app hands over is checked where it crosses into Swift
                    // (`ExpressRuntime.response`, which refuses what Node refuses), and the
                    // server's own are made here: NIO need not check each one again. Pipelined
                    // requests are kept in order by `RequestHandler` itself: NIO's assistance
                    // stops reading while each answer is out, two epoll_ctl calls a request.
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false)
                    try channel.pipeline.syncOperations.addHandler(ProtocolErrorHandler())
                    try channel.pipeline.syncOperations.addHandler(timer)
                    try channel.pipeline.syncOperations.addHandler(
                        RequestHandler(runtime: runtime, outbox: outbox, now: now, onRequest: onRequest, keepAlive: timeouts.keepAlive,
                                       front: front))
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

/// Collects each request, hands it to the runtime, and writes the answers back in the order the
/// requests came (RFC 9112 §9.3.2: a client may send several before the first is answered, and
/// a later one's answer may be ready first). Like Node's http.Server, it reads on while answers
/// are out, and stops reading while `maxWaiting` are.
private final class RequestHandler: ChannelDuplexHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// How many requests of one connection may wait for their answers before it is read no more.
    static let maxWaiting = 16

    /// What goes back for one request, in its turn.
    private enum Answer {
        case response(OutgoingResponse, keepAlive: Bool)
        /// A head the server makes itself, with no body; the connection is closed after it.
        case closingHead(HTTPResponseHead)
        /// The app stopped before it answered: the connection is closed.
        case close
    }

    /// The number the next request read gets, and the one whose answer goes out next.
    private var nextNumber = 0
    private var nextToWrite = 0
    /// Answers that came before their turn, by number.
    private var early: [Int: Answer] = [:]
    /// A request is answered by closing the connection (the client asked for it, or the server
    /// refused the request): what the client sends after it is ignored, and nothing is written
    /// after its answer.
    private var closing = false
    /// A read the channel asked for while too many answers were out, held until one goes.
    private var heldRead = false

    private let runtime: ExpressRuntime
    private let front: (any RequestFront)?
    private let outbox: Outbox
    private let now: @Sendable () -> Date
    private let onRequest: (@Sendable (ExpressServer.Record) -> Void)?
    /// Node's `Keep-Alive: timeout=N`: the idle timeout in whole seconds.
    private let keepAliveHeader: String
    private var head: HTTPRequestHead?
    private var body: [UInt8] = []
    private var tooLarge = false

    init(runtime: ExpressRuntime, outbox: Outbox, now: @escaping @Sendable () -> Date, onRequest: (@Sendable (ExpressServer.Record) -> Void)?,
         keepAlive: TimeAmount, front: (any RequestFront)?) {
        keepAliveHeader = "timeout=\(keepAlive.nanoseconds / 1_000_000_000)"
        self.runtime = runtime
        self.outbox = outbox
        self.front = front
        self.now = now
        self.onRequest = onRequest
    }

    /// The client's port, for telling the app when the connection ends.
    private var clientPort: Int?
    /// The client's address, as `req.ip` gives it.
    private var clientAddress = "127.0.0.1"

    func channelActive(context: ChannelHandlerContext) {
        let remote = context.channel.remoteAddress
        clientPort = remote?.port
        clientAddress = remote?.ipAddress ?? "127.0.0.1"
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        // A request of this connection that is still waiting can no longer be waited for by
        // the client at this port (which another connection may be given later).
        if let clientPort {
            if let front { front.clientLeft(port: clientPort) } else {
                runtime.loop.execute { [runtime] in runtime.assumeIsolated { $0.clientLeft(port: clientPort) } }
            }
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if closing { return }
        switch unwrapInboundIn(data) {
        case .head(let h):
            // Node (llhttp) counts the request line and the header lines against its limit.
            let size = h.uri.utf8.count + h.method.rawValue.utf8.count + 12
                + h.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 }
            if size > ExpressServer.maxHeaderBytes {
                closing = true
                answer(number(), context: context, .response(OutgoingResponse(
                    status: 431, reason: "Request Header Fields Too Large", headers: [HeaderField("Content-Type", "text/plain; charset=utf-8")],
                    body: "request headers too large"), keepAlive: false))
                return
            }
            // Node's http.Server answers `Expect: 100-continue` itself when the app has no
            // 'checkContinue' listener (RFC 9110 §10.1.1).
            if h.version == .http1_1, h.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                context.writeAndFlush(wrapOutboundOut(.head(HTTPResponseHead(version: h.version, status: .continue))), promise: nil)
            }
            head = h
            body = []
            tooLarge = false
        case .body(let buffer):
            if body.count + buffer.readableBytes > ExpressServer.maxBodyBytes { tooLarge = true } else { body += buffer.readableBytesView }
        case .end:
            guard let head else { return }
            self.head = nil
            let number = number()
            if tooLarge {
                closing = true
                answer(number, context: context, .response(OutgoingResponse(
                    status: 413, reason: "Payload Too Large", headers: [HeaderField("Content-Type", "text/plain; charset=utf-8")],
                    body: "request body larger than \(ExpressServer.maxBodyBytes) bytes"), keepAlive: false))
                return
            }
            // Node's requireHostHeader: an HTTP/1.1 request without Host gets 400, and the app
            // never sees it.
            if head.version == .http1_1 && !head.headers.contains(name: "Host") {
                var headers = HTTPHeaders()
                headers.add(name: "Connection", value: "close")
                headers.add(name: "Date", value: Self.httpDate(now()))
                headers.add(name: "Transfer-Encoding", value: "chunked")
                closing = true
                answer(number, context: context, .closingHead(HTTPResponseHead(version: .http1_1, status: .badRequest, headers: headers)))
                return
            }
            if front == nil, let reason = runtime.stuck.reason {
                closing = true
                answer(number, context: context, .response(ExpressRuntime.unavailable(reason), keepAlive: false))
                return
            }
            let request = IncomingRequest(
                method: head.method.rawValue, target: head.uri,
                headers: head.headers.map { HeaderField($0.name, $0.value) },
                body: String(decoding: body, as: UTF8.self),
                remoteAddress: clientAddress,
                remotePort: clientPort)
            let keepAlive = head.isKeepAlive
            let onRequest = self.onRequest
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            let connectionLoop = context.eventLoop
            let outbox = self.outbox
            // The JavaScript runs on the runtime's own loop (its executor); the answer comes back
            // to this connection's loop (through the outbox) to be reported and written.
            if !keepAlive { closing = true }
            let written: @Sendable (ExpressRuntime.Handled) -> Void = { handled in
                onRequest?(ExpressServer.Record(request: request, handled: handled))
                let (handler, context) = bound.value
                handler.answer(number, context: context, handled.response.map { .response($0, keepAlive: keepAlive) } ?? .close)
            }
            // Copies of the app behind a front answer on their own loops, each answer on its own.
            if let front { return front.dispatch(request) { handled in connectionLoop.execute { written(handled) } } }
            runtime.loop.execute { [runtime] in
                runtime.assumeIsolated { runtime in
                    runtime.begin(request) { handled in outbox.post(to: connectionLoop) { written(handled) } }
                }
            }
        }
    }

    /// The number of the request just read.
    private func number() -> Int {
        defer { nextNumber += 1 }
        return nextNumber
    }

    /// Requests read whose answers have not been written.
    private var waiting: Int { nextNumber - nextToWrite }

    /// The answer to request `number`: written now if its turn has come, with the answers that
    /// came early and follow it; kept until then otherwise.
    private func answer(_ number: Int, context: ChannelHandlerContext, _ answer: Answer) {
        guard number != nextToWrite else { return write(answer, context: context) }
        early[number] = answer
    }

    private func write(_ first: Answer, context: ChannelHandlerContext) {
        var next: Answer? = first
        while let answer = next, context.channel.isActive {
            nextToWrite += 1
            switch answer {
            case .close:
                context.close(promise: nil)
            case .closingHead(let head):
                context.write(wrapOutboundOut(.head(head)), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            case .response(let response, let keepAlive):
                write(context: context, keepAlive: keepAlive, response: response)
                if keepAlive {
                    next = early.removeValue(forKey: nextToWrite)
                    continue
                }
            }
            // The connection closes with this answer: no later one is written.
            closing = true
            early.removeAll()
            return
        }
        if heldRead && waiting < Self.maxWaiting && !closing {
            heldRead = false
            context.read()
        }
    }

    func read(context: ChannelHandlerContext) {
        guard waiting < Self.maxWaiting, !closing else {
            heldRead = true
            return
        }
        context.read()
    }

    private func write(context: ChannelHandlerContext, keepAlive: Bool, response: OutgoingResponse) {
        var headers = HTTPHeaders()
        // The app's headers and the four the server may add, in one allocation.
        headers.reserveCapacity(response.headers.count + 4)
        for h in response.headers { headers.add(name: h.name, value: h.value) }
        let length = response.body.utf8.count
        // Node adds these after the app's own headers.
        headers.add(name: "Date", value: date())
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        if keepAlive { headers.add(name: "Keep-Alive", value: keepAliveHeader) }
        if !headers.contains(name: "Content-Length") && !headers.contains(name: "Transfer-Encoding") {
            headers.add(name: "Content-Length", value: String(length))
        }
        let status = HTTPResponseStatus(statusCode: response.status, reasonPhrase: response.reason)
        // Node answers HTTP/1.0 requests with an HTTP/1.1 status line too.
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        if length > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: response.body)))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil))).assumeIsolated().whenComplete { _ in
            if !keepAlive { context.close(promise: nil) }
        }
    }

    /// The Date header: an IMF-fixdate, as in Set-Cookie.
    static func httpDate(_ date: Date) -> String { CookieDate.format(date) }

    /// The last Date header this connection wrote, and its second: the same text all through
    /// that second (Node keeps its date string for the second too).
    private var lastDate: (second: Double, text: String)?

    /// The Date header for now.
    private func date() -> String {
        let date = now()
        let second = date.timeIntervalSince1970.rounded(.down)
        if let lastDate, lastDate.second == second { return lastDate.text }
        let text = Self.httpDate(date)
        lastDate = (second, text)
        return text
    }
}

/// Node's http.Server timeouts on one connection: an idle connection is closed after
/// `keepAlive` (or `headers` before its first request); a request whose headers (or whole
/// body) have not arrived within `headers` (`request`) of its first byte is answered 408
/// Request Timeout and the connection closed. Scheduled tasks, no polling.
final class ConnectionTimeouts: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    private enum Phase {
        /// No request in progress: waiting for the first byte of the next one.
        case idle
        /// A request's first bytes arrived; its headers have not all come.
        case readingHeaders
        /// Its headers came; its body has not all come.
        case readingBody
        /// The request is in; the app has it.
        case answering
    }

    private let timeouts: ExpressServer.Timeouts
    private var context: ChannelHandlerContext?
    private var phase = Phase.idle
    private var servedOne = false
    /// Requests read whose responses have not been written yet (pipelining).
    private var unanswered = 0
    private var responding = false
    /// When the current phase runs out, and which phase that is (nil: no limit now).
    private var deadline: (at: NIODeadline, phase: Phase)?
    /// The one timer, and when it fires. Moving the deadline later schedules nothing: the timer
    /// fires at the earlier time, finds the deadline moved and waits again (a kept-alive
    /// connection changes phase four times a request, each a timer to arm and cancel before).
    private var timer: (task: Scheduled<Void>, at: NIODeadline)?
    private var requestStarted = NIODeadline.now()
    /// Writes bytes straight to the socket, under the HTTP encoder (set by `ByteActivity`).
    var rawWrite: ((ByteBuffer) -> EventLoopFuture<Void>)?

    init(_ timeouts: ExpressServer.Timeouts) {
        self.timeouts = timeouts
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { arm(after: timeouts.headers, expired: .idle) }
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(after: timeouts.headers, expired: .idle)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.task.cancel()
        timer = nil
        self.context = nil
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.task.cancel()
        timer = nil
        deadline = nil
        context.fireChannelInactive()
    }

    /// Bytes arrived on the socket (seen before the HTTP decoder).
    func bytesArrived() {
        guard case .idle = phase else { return }
        phase = .readingHeaders
        requestStarted = .now()
        arm(at: requestStarted + timeouts.headers, expired: .readingHeaders)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            if case .readingHeaders = phase {} else { requestStarted = .now() }
            unanswered += 1
            phase = .readingBody
            arm(at: requestStarted + timeouts.request, expired: .readingBody)
        case .body:
            break
        case .end:
            phase = .answering
            // No limit while the app answers (a pending timer then finds nothing to do).
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head):
            if head.status.code >= 200 { responding = true }
        case .body:
            break
        case .end:
            if responding {
                responding = false
                unanswered = max(0, unanswered - 1)
                servedOne = true
                if unanswered == 0, case .answering = phase {
                    phase = .idle
                    arm(after: timeouts.keepAlive, expired: .idle)
                }
            }
        }
        context.write(data, promise: promise)
    }

    private func arm(after amount: TimeAmount, expired: Phase) {
        arm(at: .now() + amount, expired: expired)
    }

    private func arm(at when: NIODeadline, expired: Phase) {
        deadline = (when, expired)
        // A timer that fires no later finds the new deadline then.
        if let timer, timer.at <= when { return }
        timer?.task.cancel()
        schedule(at: when)
    }

    private func schedule(at when: NIODeadline) {
        guard let context else { return }
        let bound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timer = (context.eventLoop.scheduleTask(deadline: when) { bound.value.fired() }, when)
    }

    /// The timer fired: the phase's time is up, or the deadline moved later since it was set.
    private func fired() {
        timer = nil
        guard let deadline else { return }
        if deadline.at > .now() { return schedule(at: deadline.at) }
        self.deadline = nil
        expire(deadline.phase)
    }

    private func expire(_ expected: Phase) {
        guard let context else { return }
        switch (phase, expected) {
        case (.idle, .idle):
            context.close(promise: nil)
        case (.readingHeaders, .readingHeaders), (.readingBody, .readingBody):
            // Node writes this answer itself when nothing else is being answered.
            guard !responding, unanswered <= 1 else { context.close(promise: nil); return }
            phase = .answering
            let text = "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n"
            guard let rawWrite else { context.close(promise: nil); return }
            rawWrite(context.channel.allocator.buffer(string: text)).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        default:
            break
        }
    }
}

/// Tells the connection's timeouts when bytes arrive, before the HTTP decoder buffers them.
final class ByteActivity: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    private let timeouts: ConnectionTimeouts

    init(_ timeouts: ConnectionTimeouts) {
        self.timeouts = timeouts
    }

    func handlerAdded(context: ChannelHandlerContext) {
        timeouts.rawWrite = { context.writeAndFlush(NIOAny($0)) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timeouts.rawWrite = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        timeouts.bytesArrived()
        context.fireChannelRead(data)
    }
}
