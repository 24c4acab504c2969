import Browser
import Cookies
import Foundation
import NIOCore
import Testing
@testable import Express

let robustApp = """
const express = require("express");
const session = require("express-session");
const app = express();
app.use(express.json());
app.use(session({ secret: "s", resave: false, saveUninitialized: false }));
app.get("/", (req, res) => {
  req.session.n = (req.session.n || 0) + 1;
  req.session.owner = req.session.owner || req.get("X-Client");
  res.send(`${req.session.owner}:${req.session.n}`);
});
app.post("/echo", (req, res) => res.json({ length: JSON.stringify(req.body).length }));
app.get("/hang", (req, res) => {});
app.get("/loop", (req, res) => { while (true) {} });
app.listen(0);
"""

func startServer(_ source: String = robustApp, port: Int = 0) async throws -> ExpressServer {
    let runtime = ExpressRuntime(source: source, now: { Date() }, timeLimit: 0.3)
    try await runtime.load()
    let server = ExpressServer(runtime: runtime, now: { Date() })
    try await server.start(port: port)
    return server
}

func rawRequest(port: Int, _ text: [UInt8]) throws -> String {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = in_port_t(UInt16(port).bigEndian)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var timeout = timeval(tv_sec: 5, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    let connected = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    guard connected == 0 else { return "connect failed" }
    _ = text.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = recv(fd, &buffer, buffer.count, 0)
        if n <= 0 { break }
        out += buffer[0..<n]
        if String(decoding: out, as: UTF8.self).contains("\r\n\r\n") && out.count > 12 { break }
    }
    return String(decoding: out, as: UTF8.self)
}

@Suite(.serialized) struct ServerRobustnessTests {
    @Test func aTakenPortFallsBackAndSaysSo() async throws {
        let first = try await startServer()
        let taken = await first.port
        let second = try await startServer(port: taken)
        #expect(await second.port != taken)
        #expect(await second.portNote == "port \(taken) is taken, so the app listens on port \(await second.port) instead")
        await first.stop()
        await second.stop()
    }

    @Test func hugeHeadersHugeBodiesAndInvalidUTF8() async throws {
        let server = try await startServer()
        let port = await server.port
        let hugeHeader = "GET / HTTP/1.1\r\nHost: localhost\r\nX-Big: \(String(repeating: "a", count: 200_000))\r\n\r\n"
        #expect(try rawRequest(port: port, Array(hugeHeader.utf8)).hasPrefix("HTTP/1.1 431"))
        let body = String(repeating: "b", count: 2_000_000)
        let big = "POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
        #expect(try rawRequest(port: port, Array(big.utf8)).hasPrefix("HTTP/1.1 413 Payload Too Large"))
        let invalid: [UInt8] = Array("POST /echo HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 8\r\n\r\n".utf8) + [0x22, 0xFF, 0xFE, 0x22, 0x7B, 0x7D, 0x20, 0x20]
        let answer = try rawRequest(port: port, invalid)
        #expect(answer.hasPrefix("HTTP/1.1 400 Bad Request"))
        #expect(try rawRequest(port: port, Array("GARBAGE\r\n\r\n".utf8)).hasPrefix("HTTP/1.1 400"))
        // Still up.
        #expect(try rawRequest(port: port, Array("GET / HTTP/1.1\r\nHost: localhost\r\nX-Client: me\r\n\r\n".utf8)).hasPrefix("HTTP/1.1 200 OK"))
        await server.stop()
    }

    @Test func twoHundredClientsAtOnceKeepTheirOwnSessions() async throws {
        let server = try await startServer()
        let port = await server.port
        let clock = VirtualClock.system()
        // Some requests that never answer or loop forever, alongside.
        let stuck = Browser(clock: clock, baseURL: CookieURL(host: "localhost", port: port), timeout: 2)
        async let hang = stuck.send(BrowserRequest("/hang"))
        async let loop = stuck.send(BrowserRequest("/loop"))
        let results = try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
            for client in 0..<200 {
                group.addTask {
                    let browser = Browser(clock: clock, baseURL: CookieURL(host: "localhost", port: port), timeout: 10)
                    var bodies: [String] = []
                    for _ in 0..<3 {
                        let e = try await browser.send(BrowserRequest("/", headers: [HeaderField("X-Client", "c\(client)")]))
                        bodies.append(e.response?.text ?? "no response")
                    }
                    return (client, bodies)
                }
            }
            var all: [Int: [String]] = [:]
            for try await (client, bodies) in group { all[client] = bodies }
            return all
        }
        #expect(results.count == 200)
        for (client, bodies) in results {
            #expect(bodies == ["c\(client):1", "c\(client):2", "c\(client):3"])
        }
        #expect(server.runtime.stores.sessions.count == 200)
        #expect(try await hang.timedOut)
        #expect(try await loop.response?.status == 500)
        await server.stop()
    }
}
