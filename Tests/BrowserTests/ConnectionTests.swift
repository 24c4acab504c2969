import Cookies
import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import Browser

/// What the browser says when it cannot talk to a server, told apart by errno code.
@Suite struct ConnectionTests {
    /// A port that was free a moment ago and has no listener now.
    static func closedPort() async throws -> Int {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0).get()
        let port = try #require(channel.localAddress?.port)
        try await channel.close()
        return port
    }

    @Test func nothingListeningIsNoServer() async throws {
        let port = try await Self.closedPort()
        let browser = Browser(clock: .fixed(start), baseURL: CookieURL(host: "localhost", port: port))
        await #expect(throws: BrowserError.noServer("http://localhost:\(port)")) {
            try await browser.send(BrowserRequest(method: "GET", "/"))
        }
    }

    @Test func refusedIsToldByErrnoNotByText() {
        #expect(HTTPClient.isRefused(IOError(errnoCode: ECONNREFUSED, reason: "connect")))
        #expect(!HTTPClient.isRefused(IOError(errnoCode: ETIMEDOUT, reason: "connect")))
        #expect(!HTTPClient.isRefused(ChannelError.ioOnClosedChannel))
    }
}
