import Cookies
import Foundation
import Testing
@testable import Browser

/// The browser keeps a connection open between requests to one server, as browsers do, and
/// sends again on a new one a request that a kept connection closed on.
@Suite struct KeepAliveTests {
    @Test func requestsShareAConnectionUntilTheServerClosesIt() async throws {
        let server = try await TestServer()
        let browser = Browser(clock: .fixed(start), baseURL: CookieURL(host: "localhost", port: server.port))
        let first = try await browser.send(BrowserRequest(method: "GET", "/port")).response.map { String(decoding: $0.body, as: UTF8.self) }
        let second = try await browser.send(BrowserRequest(method: "GET", "/port")).response.map { String(decoding: $0.body, as: UTF8.self) }
        #expect(first != nil && first == second, "\(first ?? "-") then \(second ?? "-")")
        // The server drops the kept connection without an answer: the request goes again on a
        // new one, and that one answers.
        let dropped = try await browser.send(BrowserRequest(method: "GET", "/drop"))
        #expect(dropped.response == nil)
        let third = try await browser.send(BrowserRequest(method: "GET", "/port")).response.map { String(decoding: $0.body, as: UTF8.self) }
        #expect(third != nil && third != first)
        try await server.stop()
    }

    @Test func aRequestWithConnectionCloseEndsItsConnection() async throws {
        let server = try await TestServer()
        let browser = Browser(clock: .fixed(start), baseURL: CookieURL(host: "localhost", port: server.port))
        let first = try await browser.send(BrowserRequest(method: "GET", "/port", headers: [HeaderField("Connection", "close")])).response.map { String(decoding: $0.body, as: UTF8.self) }
        let second = try await browser.send(BrowserRequest(method: "GET", "/port")).response.map { String(decoding: $0.body, as: UTF8.self) }
        #expect(first != nil && second != nil && first != second)
        try await server.stop()
    }
}
