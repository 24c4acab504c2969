import Foundation
import Testing
@testable import Express

let pipelineApp = """
const express = require("express");
const app = express();
app.get("/slow", (req, res) => { console.log("slow"); setTimeout(() => res.send("slow answer"), 200); });
app.get("/fast/:n", (req, res) => { console.log("fast " + req.params.n); res.send("fast " + req.params.n); });
app.listen(0);
"""

/// Requests a client sends before the first is answered (HTTP/1.1 pipelining, RFC 9112 §9.3.2),
/// answered as Node's http.Server answers them.
@Suite(.serialized) struct PipeliningTests {
    /// The bodies of the whole responses at the start of `bytes`, in order (each framed by its
    /// Content-Length, as the server frames the app's answers).
    static func bodies(_ bytes: [UInt8]) -> [String] {
        var bodies: [String] = []
        var rest = bytes[...]
        let blank = Array("\r\n\r\n".utf8)
        while let end = rest.indices.first(where: { rest[$0...].starts(with: blank) }) {
            let head = String(decoding: rest[..<end], as: UTF8.self)
            let length = head.components(separatedBy: "\r\n").first { $0.hasPrefix("Content-Length: ") }.flatMap { Int($0.dropFirst(16)) } ?? 0
            let bodyStart = end + blank.count
            guard rest.endIndex - bodyStart >= length else { break }
            bodies.append(String(decoding: rest[bodyStart..<bodyStart + length], as: UTF8.self))
            rest = rest[(bodyStart + length)...]
        }
        return bodies
    }

    /// What `fd` gives until `count` responses have come whole, or the connection closes.
    static func read(_ fd: Int32, responses count: Int) -> [UInt8] {
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while bodies(out).count < count {
            let n = receive(fd, &buffer)
            if n <= 0 { break }
            out += buffer[0..<n]
        }
        return out
    }

    @Test func aLaterAnswerReadyFirstWaitsForTheEarlierOne() async throws {
        try await withServer(pipelineApp) { server in
            let fd = try #require(connectTo(port: await server.port))
            defer { close(fd) }
            sendText(fd, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast/1 HTTP/1.1\r\nHost: x\r\n\r\n")
            let text = Self.read(fd, responses: 2)
            #expect(Self.bodies(text) == ["slow answer", "fast 1"])
            // The app had both before it answered the first.
            #expect(server.runtime.events.all.filter(\.isConsole).map(\.text) == ["slow", "fast 1"])
        }
    }

    @Test func aConnectionWithManyAnswersOutIsReadAgainOnceTheyGo() async throws {
        try await withServer(pipelineApp) { server in
            let fd = try #require(connectTo(port: await server.port))
            defer { close(fd) }
            // More than the sixteen a connection may have waiting: the server stops reading it.
            sendText(fd, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n" + (1...20).map { "GET /fast/\($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined())
            try await Task.sleep(for: .milliseconds(20))
            // These wait in the socket until the slow answer goes out, then are read and answered.
            sendText(fd, (21...40).map { "GET /fast/\($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined())
            let text = Self.read(fd, responses: 41)
            #expect(Self.bodies(text) == ["slow answer"] + (1...40).map { "fast \($0)" })
        }
    }

    @Test func aRequestToCloseIsAnsweredAfterTheOnesBeforeIt() async throws {
        try await withServer(pipelineApp) { server in
            let fd = try #require(connectTo(port: await server.port))
            defer { close(fd) }
            sendText(fd, "GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            // Read until the server closes the connection.
            let text = readAll(fd)
            #expect(Self.bodies(Array(text.utf8)) == ["slow answer", "fast 1"])
            let heads = text.components(separatedBy: "HTTP/1.1 ").dropFirst().map { $0.components(separatedBy: "\r\n\r\n")[0] }
            #expect(heads.map { $0.components(separatedBy: "\r\n").filter { $0.hasPrefix("Connection: ") } } == [["Connection: keep-alive"], ["Connection: close"]])
        }
    }
}
