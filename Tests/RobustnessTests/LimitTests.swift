import Foundation
import Testing
@testable import Express

/// In the serialized suite, so that no load test runs beside it.
extension ServerRobustnessTests {
    /// A body of exactly the limit is read; one byte more is refused with 413. (A route that
    /// ignores the body, and time enough for a megabyte on a busy machine.)
    @Test func aBodyOfExactlyTheLimitIsAccepted() async throws {
        let app = """
            const app = require("express")();
            app.post("/echo", (req, res) => res.send("read"));
            """
        try await withServer(app, timeLimit: 10) { server in
            let port = await server.port
            func post(_ size: Int) throws -> String {
                let head = "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: \(size)\r\n\r\n"
                return try rawRequest(port: port, Array(head.utf8) + [UInt8](repeating: 0x62, count: size), timeout: 30)
            }
            let atTheLimit = try post(ExpressServer.maxBodyBytes)
            let overIt = try post(ExpressServer.maxBodyBytes + 1)
            #expect(atTheLimit.hasPrefix("HTTP/1.1 200 OK"), "the answer was: \(atTheLimit.prefix(200))")
            #expect(overIt.hasPrefix("HTTP/1.1 413 Payload Too Large"))
        }
    }
}
