import Cookies
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A minimal HTTP/1.1 client over NIO: a response or a timeout. Connections are kept alive
/// between requests, as browsers keep them: one that answered in full waits, idle, for the next
/// request to the same address (the server closes it after its keep-alive time-out, and a
/// request that finds it closed is sent again on a new one).
struct HTTPClient: Sendable {
    enum Failure: Error {
        case timedOut
        case closedEarly
    }

    let group: any EventLoopGroup
    private let idle = IdleConnections()
    private let waiting = WaitingRequests()

    init(group: any EventLoopGroup) {
        self.group = group
    }

    /// Whether connecting failed because nothing listens there (ECONNREFUSED), told by errno
    /// code, on every address tried.
    static func isRefused(_ error: any Error) -> Bool {
        if let error = error as? IOError { return error.errnoCode == ECONNREFUSED }
        if let error = error as? NIOConnectionError {
            return !error.connectionErrors.isEmpty && error.connectionErrors.allSatisfy { isRefused($0.error) }
        }
        return false
    }

    /// The server says the request sent from `localPort` waits with nothing queued that could
    /// answer it, and its next timer is due in `nextTimerIn` seconds (nil: none): unless that
    /// timer comes before this client gives up, the wait ends now, as the time-out would end
    /// it. Callable from any thread.
    func quiet(localPort: Int, nextTimerIn: TimeInterval?) {
        waiting.giveUp(localPort: localPort, unlessDueIn: nextTimerIn)
    }

    /// Sends one request to `address:port` and waits up to `timeout` for the whole response (or
    /// until the server says none can come in time: `quiet`).
    func send(address: String, port: Int, method: String, target: String, headers: [HeaderField],
              body: [UInt8], timeout: TimeInterval) async throws -> ReceivedResponse {
        // A kept connection the server closed meanwhile answers nothing: once more on a new one.
        if let channel = idle.take(address: address, port: port) {
            do {
                return try await send(on: channel, address: address, port: port, method: method, target: target,
                                      headers: headers, body: body, timeout: timeout)
            } catch Failure.closedEarly {}
        }
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .connectTimeout(.seconds(2))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(ResponseCollector())
                }
            }
            .connect(host: address, port: port)
            .get()
        return try await send(on: channel, address: address, port: port, method: method, target: target,
                              headers: headers, body: body, timeout: timeout)
    }

    private func send(on channel: any Channel, address: String, port: Int, method: String, target: String,
                      headers: [HeaderField], body: [UInt8], timeout: TimeInterval) async throws -> ReceivedResponse {
        var fields = HTTPHeaders()
        for field in headers { fields.add(name: field.name, value: field.value) }
        let head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method), uri: target, headers: fields)
        let localPort = channel.localAddress?.port
        let loop = channel.eventLoop
        let patience = TimeAmount.milliseconds(Int64(timeout * 1000))
        let promise = loop.makePromise(of: ReceivedResponse.self)
        let giveUp: @Sendable () -> Void = {
            promise.fail(Failure.timedOut)
            channel.close(promise: nil)
        }
        // Known as waiting before a byte is sent: the server may find it hopeless at once.
        if let localPort { waiting.add(localPort: localPort, deadline: .now() + patience, giveUp: giveUp) }
        // One task on the connection's loop sends it all: the request does not wake that
        // thread once per part.
        loop.execute {
            do {
                try channel.pipeline.syncOperations.handler(type: ResponseCollector.self).expect(promise)
            } catch {
                return promise.fail(error)
            }
            let timer = loop.scheduleTask(in: patience, giveUp)
            promise.futureResult.whenComplete { _ in timer.cancel() }
            channel.write(HTTPClientRequestPart.head(head), promise: nil)
            if !body.isEmpty {
                channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
            }
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        }
        defer { if let localPort { waiting.remove(localPort: localPort) } }
        // Ctrl-C in the tutor cancels the task: give up on the response and close.
        let response = try await withTaskCancellationHandler {
            try await promise.futureResult.get()
        } onCancel: {
            promise.fail(CancellationError())
            channel.close(promise: nil)
        }
        // RFC 9112 §9.3: HTTP/1.1 keeps the connection unless either side says `close`.
        let closes = headers.contains { $0.name.lowercased() == "connection" && $0.value.lowercased().contains("close") }
            || response.headers.contains { $0.name.lowercased() == "connection" && $0.value.lowercased().contains("close") }
        if closes || !channel.isActive {
            channel.close(promise: nil)
        } else {
            idle.put(channel, address: address, port: port)
        }
        return response
    }
}

/// The requests on their way, by the local port of their connection, with when each gives up
/// and how: what `HTTPClient.quiet` ends.
private final class WaitingRequests: Sendable {
    private struct Waiting {
        var deadline: NIODeadline
        var giveUp: @Sendable () -> Void
    }

    private let requests = Mutex<[Int: Waiting]>([:])

    func add(localPort: Int, deadline: NIODeadline, giveUp: @escaping @Sendable () -> Void) {
        requests.withLock { $0[localPort] = Waiting(deadline: deadline, giveUp: giveUp) }
    }

    func remove(localPort: Int) {
        _ = requests.withLock { $0.removeValue(forKey: localPort) }
    }

    /// Ends the wait of the request from `localPort`, unless something is due in `dueIn` seconds,
    /// before it would give up anyway.
    func giveUp(localPort: Int, unlessDueIn dueIn: TimeInterval?) {
        let ended: Waiting? = requests.withLock { all in
            guard let waiting = all[localPort] else { return nil }
            if let dueIn, .now() + .nanoseconds(Int64(min(max(0, dueIn), 1e9) * 1e9)) <= waiting.deadline { return nil }
            return all.removeValue(forKey: localPort)
        }
        ended?.giveUp()
    }
}

/// Connections that answered in full and wait for the next request, by address.
private final class IdleConnections: Sendable {
    private let channels = Mutex<[String: [any Channel]]>([:])

    /// A kept connection to `address:port` that is still open, if any.
    func take(address: String, port: Int) -> (any Channel)? {
        channels.withLock { all in
            while let channel = all["\(address):\(port)"]?.popLast() {
                if channel.isActive { return channel }
            }
            return nil
        }
    }

    func put(_ channel: any Channel, address: String, port: Int) {
        channels.withLock { $0["\(address):\(port)", default: []].append(channel) }
    }
}

/// Collects each response on its connection and completes the promise of the request it
/// answers.
private final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private var promise: EventLoopPromise<ReceivedResponse>?
    private var head: HTTPResponseHead?
    private var body: [UInt8] = []

    /// The next response completes `promise`.
    func expect(_ promise: EventLoopPromise<ReceivedResponse>) {
        self.promise = promise
        head = nil
        body = []
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
        case .body(let buffer):
            body += buffer.readableBytesView
        case .end:
            guard let head, let promise else { return }
            let headers = head.headers.map { HeaderField($0.name, $0.value) }
            self.promise = nil
            promise.succeed(ReceivedResponse(status: Int(head.status.code), reason: head.status.reasonPhrase,
                                             headers: headers, body: body))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise?.fail(error)
        promise = nil
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise?.fail(HTTPClient.Failure.closedEarly)
        promise = nil
        context.fireChannelInactive()
    }
}
