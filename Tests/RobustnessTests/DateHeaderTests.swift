import Foundation
import Synchronization
import Testing
@testable import Express

/// The Date header Node adds to every response: the server's clock at the second, also when a
/// kept-alive connection keeps the text of the second it last wrote.
@Suite struct DateHeaderTests {
    /// Reads one response of `body` from a kept-alive connection; returns its Date header.
    private func date(after request: String, on fd: Int32, body: String) -> String? {
        sendText(fd, request)
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !String(decoding: out, as: UTF8.self).hasSuffix("\r\n\r\n" + body) {
            let n = receive(fd, &buffer)
            if n <= 0 { return nil }
            out += buffer[0..<n]
        }
        return String(decoding: out, as: UTF8.self).components(separatedBy: "\r\n").first { $0.hasPrefix("Date: ") }
    }

    @Test func eachResponseCarriesTheSecondItWasWrittenIn() async throws {
        let clock = Mutex(Date(timeIntervalSince1970: 1_796_083_199.25))  // Mon, 30 Nov 2026 23:59:59 GMT
        let now: @Sendable () -> Date = { clock.withLock { $0 } }
        let runtime = ExpressRuntime(source: injectionApp, now: now)
        try await runtime.load()
        let server = ExpressServer(runtime: runtime, now: now)
        let port = try await server.start(port: 0)
        let fd = try #require(connectTo(port: port))
        defer { close(fd) }
        let request = "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n"
        #expect(date(after: request, on: fd, body: "still here") == "Date: Mon, 30 Nov 2026 23:59:59 GMT")
        clock.withLock { $0 += 0.7 }
        #expect(date(after: request, on: fd, body: "still here") == "Date: Mon, 30 Nov 2026 23:59:59 GMT")
        clock.withLock { $0 += 0.1 }
        #expect(date(after: request, on: fd, body: "still here") == "Date: Tue, 01 Dec 2026 00:00:00 GMT")
        clock.withLock { $0 += 3600 }
        #expect(date(after: request, on: fd, body: "still here") == "Date: Tue, 01 Dec 2026 01:00:00 GMT")
        await server.stop()
    }
}
