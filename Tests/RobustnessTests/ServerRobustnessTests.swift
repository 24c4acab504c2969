import Browser
import Cookies
import Foundation
import NIOCore
import Synchronization
import Testing
@testable import Tutor
@testable import Express
@testable import Serve

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

func startServer(_ source: String = robustApp, port: Int = 0, timeLimit: Double = 0.3) async throws -> ExpressServer {
    let runtime = ExpressRuntime(source: source, now: { Date() }, timeLimit: timeLimit)
    try await runtime.load()
    let server = ExpressServer(runtime: runtime, now: { Date() })
    try await server.start(port: port)
    return server
}

/// Runs `body` with a started server and stops the server afterwards, also when `body` throws.
func withServer<T>(_ source: String = robustApp, port: Int = 0, timeLimit: Double = 0.3,
                   _ body: (ExpressServer) async throws -> T) async throws -> T {
    let server = try await startServer(source, port: port, timeLimit: timeLimit)
    do {
        let result = try await body(server)
        await server.stop()
        return result
    } catch {
        await server.stop()
        throw error
    }
}

/// A TCP connection to 127.0.0.1:`port` whose reads give up after `timeout` seconds, or nil.
func connectTo(port: Int, timeout: Int = 5) -> Int32? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = in_port_t(UInt16(port).bigEndian)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var limit = timeval(tv_sec: timeout, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    let connected = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    guard connected == 0 else { close(fd); return nil }
    return fd
}

/// recv(2), again when a signal interrupts it (JavaScriptCore signals threads to stop them).
func receive(_ fd: Int32, _ buffer: inout [UInt8]) -> Int {
    while true {
        let n = recv(fd, &buffer, buffer.count, 0)
        if n < 0 && errno == EINTR { continue }
        return n
    }
}

/// Sends `text` on a new connection and returns what comes back up to the end of the response
/// head. Sends all of it and reads on through EINTR: other tests start child processes, and the
/// SIGCHLD of one interrupts a socket call that has a timeout (signal(7)).
func rawRequest(port: Int, _ text: [UInt8], timeout: Int = 5) throws -> String {
    guard let fd = connectTo(port: port, timeout: timeout) else { return "connect failed" }
    defer { close(fd) }
    var sent = 0
    while sent < text.count {
        let n = text[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { break }  // the server closed early (a 413 or 431 answers before the body ends)
        sent += n
    }
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = recv(fd, &buffer, buffer.count, 0)
        if n < 0 && errno == EINTR { continue }
        if n <= 0 { break }
        out += buffer[0..<n]
        if String(decoding: out, as: UTF8.self).contains("\r\n\r\n") && out.count > 12 { break }
    }
    return String(decoding: out, as: UTF8.self)
}

@Suite(.serialized) struct ServerRobustnessTests {
    @Test func aTakenPortFallsBackAndSaysSo() async throws {
        try await withServer { first in
            let taken = await first.port
            try await withServer(port: taken) { second in
                #expect(await second.port != taken)
                #expect(await second.portNote == "port \(taken) is taken, so the app listens on port \(await second.port) instead")
            }
        }
    }

    @Test func stoppingTheServerClosesItsOpenConnections() async throws {
        try await withServer { server in
            let fd = try #require(connectTo(port: await server.port))
            defer { close(fd) }
            let request = Array("GET / HTTP/1.1\r\nHost: localhost\r\nX-Client: me\r\n\r\n".utf8)
            _ = request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = receive(fd, &buffer)
            #expect(String(decoding: buffer[0..<max(0, n)], as: UTF8.self).hasPrefix("HTTP/1.1 200 OK"))
            // The connection is kept alive; stopping the app must close it.
            await server.stop()
            #expect(recv(fd, &buffer, buffer.count, 0) == 0)
        }
    }

    @Test func hugeHeadersHugeBodiesAndInvalidUTF8() async throws {
        try await withServer { server in
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
        }
    }

    @Test func twoHundredClientsOnCrumbsServeForSecondsKeepTheirOwnSessions() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("robust-\(UUID()).js")
        try robustApp.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let printed = Mutex(0)
        let port = Mutex(0)
        let (ready, readyContinuation) = AsyncStream<Void>.makeStream()
        let (stop, stopContinuation) = AsyncStream<Void>.makeStream()
        let serve = Task {
            await ServeCommand.run(file: file.path, port: 0, host: "127.0.0.1", timeLimit: 0.3,
                                   output: { _ in printed.withLock { $0 += 1 } },
                                   until: { for await _ in stop { return } },
                                   onListening: { p in port.withLock { $0 = p }; readyContinuation.yield() })
        }
        for await _ in ready { break }
        // Stop serve also when a client throws, so no server outlives the test.
        var requests = 0
        do {
            let base = CookieURL(host: "localhost", port: port.withLock { $0 })
            let clock = VirtualClock.system()
            // Requests that never answer or loop forever, alongside.
            let hanging = Browser(clock: clock, baseURL: base, timeout: 2)
            let looping = Browser(clock: clock, baseURL: base, timeout: 10)
            async let hang = hanging.send(BrowserRequest("/hang"))
            async let loop = looping.send(BrowserRequest("/loop"))
            let deadline = Date().addingTimeInterval(3)
            let results = try await withThrowingTaskGroup(of: (Int, Int, [String]).self) { group in
                for client in 0..<200 {
                    group.addTask {
                        let browser = Browser(clock: clock, baseURL: base, timeout: 10)
                        var wrong: [String] = []
                        var n = 0
                        repeat {
                            n += 1
                            let e = try await browser.send(BrowserRequest("/", headers: [HeaderField("X-Client", "c\(client)")]))
                            let body = e.response?.text ?? "no response"
                            if body != "c\(client):\(n)" { wrong.append(body) }
                        } while Date() < deadline || n < 2
                        return (client, n, wrong)
                    }
                }
                var all: [(Int, Int, [String])] = []
                for try await r in group { all.append(r) }
                return all
            }
            #expect(results.count == 200)
            #expect(results.map(\.1).reduce(0, +) >= 400)
            #expect(results.flatMap(\.2).isEmpty, "session data crossed between clients: \(results.flatMap(\.2).prefix(5))")
            #expect(try await hang.timedOut)
            #expect(try await loop.response?.status == 500)
            requests = results.map(\.1).reduce(0, +)
        } catch {
            stopContinuation.finish()
            _ = await serve.value
            throw error
        }
        stopContinuation.yield()
        #expect(await serve.value == 0)
        #expect(printed.withLock { $0 } >= requests)
    }
}
