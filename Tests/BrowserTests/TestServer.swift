import NIOCore
import NIOHTTP1
import NIOPosix

/// A small NIO HTTP server on 127.0.0.1, port 0, with routes that exercise the browser.
final class TestServer: Sendable {
    let channel: any Channel
    var port: Int { channel.localAddress!.port! }
    /// The client port of each request to `/hang`, as it arrives.
    let hangs: AsyncStream<Int>
    private let hung: AsyncStream<Int>.Continuation

    init() async throws {
        (hangs, hung) = AsyncStream.makeStream(of: Int.self)
        let hung = self.hung
        channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Routes(hung: hung))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
    }

    func stop() async throws { try await channel.close() }

    private final class Routes: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        private var head: HTTPRequestHead?
        private var body: [UInt8] = []
        let hung: AsyncStream<Int>.Continuation

        init(hung: AsyncStream<Int>.Continuation) { self.hung = hung }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let h): head = h; body = []
            case .body(let b): body += b.readableBytesView
            case .end:
                guard let head else { return }
                respond(context: context, head: head)
            }
        }

        private func respond(context: ChannelHandlerContext, head: HTTPRequestHead) {
            let cookie = head.headers["Cookie"].first ?? "(none)"
            var status = HTTPResponseStatus.ok
            var headers = HTTPHeaders()
            var text = ""
            switch head.uri {
            case "/set":
                headers.add(name: "Set-Cookie", value: "sid=abc; Path=/; HttpOnly")
                headers.add(name: "Set-Cookie", value: "theme=dark; Max-Age=60")
                text = "set"
            case "/secure":
                headers.add(name: "Set-Cookie", value: "token=1; Path=/; Secure")
                text = "secure"
            case "/login":
                status = .found
                headers.add(name: "Set-Cookie", value: "user=alice; Path=/")
                headers.add(name: "Location", value: "/home")
            case "/form":
                status = .seeOther
                headers.add(name: "Location", value: "/echo")
            case let uri where uri.hasPrefix("/redirect/"):
                // /redirect/307 answers 307 with Location: /echo.
                status = HTTPResponseStatus(statusCode: Int(uri.dropFirst("/redirect/".count)) ?? 302)
                headers.add(name: "Location", value: "/echo")
            case "/loop":
                status = .found
                headers.add(name: "Location", value: "/loop")
            case let uri where uri.hasPrefix("/chain/"):
                // /chain/N redirects N times before it answers.
                let n = Int(uri.dropFirst("/chain/".count)) ?? 0
                if n > 0 {
                    status = .found
                    headers.add(name: "Location", value: "/chain/\(n - 1)")
                } else {
                    text = "end of the chain"
                }
            case "/hang":
                hung.yield(context.channel.remoteAddress?.port ?? 0)
                return  // never answers, like an Express route that forgets res.send
            case "/port":
                // The client's port: which connection the request came on.
                text = String(context.channel.remoteAddress?.port ?? 0)
            case "/drop":
                // Closes the connection without an answer.
                context.close(promise: nil)
                return
            default:
                text = "\(head.method.rawValue) \(head.uri) cookie=\(cookie) body=\(String(decoding: body, as: UTF8.self))"
            }
            headers.add(name: "Content-Length", value: String(text.utf8.count))
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
