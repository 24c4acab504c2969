import Foundation
import Testing
@testable import Express

/// Random values of every JavaScript type into every response method, through the bridge and a
/// real socket: every request is answered, and the app keeps answering.
@Suite struct BridgeFuzzTests {
    static let values = [
        "undefined", "null", "true", "false", "0", "-1", "99", "200", "200.5", "404", "1000", "NaN", "Infinity", "-Infinity",
        "1e20", "-0", "2**53", "'abc'", "''", "'\\0'", "'a\\r\\nb'", "'Set-Cookie\\0x=y'", "'€'", "'\\ud800'", "'x'.repeat(5000)",
        "{}", "[]", "[1, 'a']", "[undefined, null]", "{ a: 1, b: [2] }", "Symbol('s')", "() => 1", "10n",
        "{ toString() { throw new Error('no') } }", "{ valueOf() { return 301 } }", "new Date(0)", "Object.create(null)",
        "{ maxAge: 1e20, expires: new Date(NaN), domain: 'a\\nb' }", "{ httpOnly: 'x', sameSite: 42 }", "/re/g",
    ]
    static let methods = [
        "status", "set", "cookie", "send", "json", "redirect", "type", "location", "append", "sendStatus", "end",
        "clearCookie", "header", "vary", "links", "contentType", "setHeader", "writeHead", "write",
    ]

    @Test func randomValuesIntoEveryResponseMethodNeverCrash() async throws {
        var rng = SplitMix64(seed: 0xC0FFEE)
        var routes: [String] = []
        for i in 0..<240 {
            let method = Self.methods[i % Self.methods.count]
            let count = Int(rng.next() % 3)
            let args = (0..<count).map { _ in Self.values[Int(rng.next() % UInt64(Self.values.count))] }
            routes.append("app.get('/f\(i)', (req, res) => { res.\(method)(\(args.joined(separator: ", "))); if (!res.writableEnded) res.end(); });")
        }
        let source = """
            const express = require("express");
            const cookieParser = require("cookie-parser");
            const app = express();
            app.use(cookieParser("secret"));
            \(routes.joined(separator: "\n"))
            app.get("/ok", (req, res) => res.send("still here"));
            app.listen(0);
            """
        let runtime = ExpressRuntime(source: source, now: { Date() }, timeLimit: 1)
        try await runtime.load()
        let server = ExpressServer(runtime: runtime, now: { Date() })
        try await server.start(port: 0)
        let port = await server.port
        for i in 0..<routes.count {
            let reply = try rawRequest(port: port, Array("GET /f\(i) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
            #expect(reply.hasPrefix("HTTP/1.1 "), "route \(i): \(routes[i]) got \(reply.prefix(80))")
        }
        let ok = try rawRequest(port: port, Array("GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        #expect(ok.hasPrefix("HTTP/1.1 200 OK\r\n"))
        await server.stop()
    }
}

/// A small seeded generator, so a failing case can be replayed.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
