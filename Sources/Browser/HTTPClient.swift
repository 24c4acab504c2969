import Cookies
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal HTTP/1.1 client over NIO: one connection per request, a response or a timeout.
struct HTTPClient: Sendable {
    enum Failure: Error {
        case timedOut
        case closedEarly
    }

    let group: any EventLoopGroup

    /// Whether connecting failed because nothing listens there (ECONNREFUSED), told by errno
    /// code, on every address tried.
    static func isRefused(_ error: any Error) -> Bool {
        if let error = error as? IOError { return error.errnoCode == ECONNREFUSED }
        if let error = error as? NIOConnectionError {
            return !error.connectionErrors.isEmpty && error.connectionErrors.allSatisfy { isRefused($0.error) }
        }
        return false
    }

    /// Sends one request to `address:port` and waits up to `timeout` for the whole response, or
    /// until `hopeless` (asked with the connection's local port) says none can come in time.
    func send(address: String, port: Int, method: String, target: String, headers: [HeaderField],
              body: [UInt8], timeout: TimeInterval,
              hopeless: (@Sendable (Int, TimeInterval) async -> Bool)? = nil) async throws -> ReceivedResponse {
        let channel = try await ClientBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .connectTimeout(.seconds(2))
            .connect(host: address, port: port)
            .get()
        let promise = channel.eventLoop.makePromise(of: ReceivedResponse.self)
        try await channel.eventLoop.submit {
            try channel.pipeline.syncOperations.addHTTPClientHandlers()
            try channel.pipeline.syncOperations.addHandler(ResponseCollector(promise: promise))
        }.get()

        let timer = channel.eventLoop.scheduleTask(in: .milliseconds(Int64(timeout * 1000))) {
            promise.fail(Failure.timedOut)
            channel.close(promise: nil)
        }
        var head = HTTPRequestHead(version: .http1_1, method: HTTPMethod(rawValue: method), uri: target)
        for field in headers { head.headers.add(name: field.name, value: field.value) }
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        if !body.isEmpty {
            channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(bytes: body))), promise: nil)
        }
        channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)

        // The server may know sooner that no answer can come: the same outcome as the time-out.
        let watcher = hopeless.flatMap { hopeless in
            channel.localAddress?.port.map { localPort in
                Task {
                    guard await hopeless(localPort, timeout) else { return }
                    channel.eventLoop.execute {
                        promise.fail(Failure.timedOut)
                        channel.close(promise: nil)
                    }
                }
            }
        }
        defer {
            timer.cancel()
            watcher?.cancel()
            channel.close(promise: nil)
        }
        // Ctrl-C in the tutor cancels the task: give up on the response and close.
        return try await withTaskCancellationHandler {
            try await promise.futureResult.get()
        } onCancel: {
            promise.fail(CancellationError())
            channel.close(promise: nil)
        }
    }
}

/// Collects one response and completes the promise with it.
private final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart

    private let promise: EventLoopPromise<ReceivedResponse>
    private var head: HTTPResponseHead?
    private var body: [UInt8] = []

    init(promise: EventLoopPromise<ReceivedResponse>) {
        self.promise = promise
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
        case .body(let buffer):
            body += buffer.readableBytesView
        case .end:
            guard let head else { return }
            let headers = head.headers.map { HeaderField($0.name, $0.value) }
            promise.succeed(ReceivedResponse(status: Int(head.status.code), reason: head.status.reasonPhrase,
                                             headers: headers, body: body))
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        promise.fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        promise.fail(HTTPClient.Failure.closedEarly)
        context.fireChannelInactive()
    }
}
