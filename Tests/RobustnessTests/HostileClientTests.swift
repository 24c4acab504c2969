import Cookies
import Foundation
import NIOCore
import Synchronization
import Testing
@testable import Express
@testable import Serve
@testable import Tutor

let injectionApp = """
const express = require("express");
const app = express();
app.get("/lang", (req, res) => { res.set("Content-Language", req.query.lang); res.send("hi"); });
app.post("/echo", express.text(), (req, res) => res.send(req.body));
app.get("/ok", (req, res) => res.send("still here"));
app.listen(0);
"""

func startServer(_ source: String, timeouts: ExpressServer.Timeouts) async throws -> ExpressServer {
    let runtime = ExpressRuntime(source: source, now: { Date() }, timeLimit: 0.3)
    try await runtime.load()
    let server = ExpressServer(runtime: runtime, now: { Date() }, timeouts: timeouts)
    try await server.start(port: 0)
    return server
}

/// Everything the server sends on `fd` until it closes the connection (or 5 s pass).
func readAll(_ fd: Int32) -> String {
    var out: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = receive(fd, &buffer)
        if n <= 0 { break }
        out += buffer[0..<n]
    }
    return String(decoding: out, as: UTF8.self)
}

func sendText(_ fd: Int32, _ text: String) {
    _ = Array(text.utf8).withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
}

@Suite(.serialized) struct HostileClientTests {
    @Test func theHeaderInjectionSendsNoExtraHeader() async throws {
        let server = try await startServer(injectionApp, timeouts: .node)
        let port = await server.port
        defer { Task { await server.stop() } }
        let reply = try rawRequest(port: port, Array("GET /lang?lang=en%00Set-Cookie%00connect.sid=s%3Aforged HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        #expect(reply.hasPrefix("HTTP/1.1 500 Internal Server Error\r\n"))
        let head = reply.components(separatedBy: "\r\n\r\n")[0]
        #expect(!head.lowercased().contains("set-cookie"))
        #expect(!head.contains("Content-Language"))
        let fine = try rawRequest(port: port, Array("GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        #expect(fine.hasPrefix("HTTP/1.1 200 OK\r\n"))
        await server.stop()
    }

    @Test func anIdleKeepAliveConnectionIsClosed() async throws {
        let server = try await startServer(injectionApp, timeouts: .init(keepAlive: .milliseconds(200), headers: .seconds(60), request: .seconds(300)))
        let port = await server.port
        let fd = try #require(connectTo(port: port))
        defer { close(fd) }
        let started = Date()
        sendText(fd, "GET /ok HTTP/1.1\r\nHost: x\r\n\r\n")
        let text = readAll(fd)
        let elapsed = Date().timeIntervalSince(started)
        #expect(text.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(text.hasSuffix("still here"))
        #expect(elapsed >= 0.2 && elapsed < 3, "closed after \(elapsed) s")
        await server.stop()
    }

    @Test func slowHeadersAndAShortBodyGet408() async throws {
        let server = try await startServer(injectionApp, timeouts: .init(keepAlive: .seconds(5), headers: .milliseconds(200), request: .milliseconds(400)))
        let port = await server.port
        let slow = try #require(connectTo(port: port))
        defer { close(slow) }
        sendText(slow, "GET /ok HTTP/1.1\r\nHost: x\r\n")
        #expect(readAll(slow) == "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n")
        let short = try #require(connectTo(port: port))
        defer { close(short) }
        sendText(short, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 10\r\n\r\nabc")
        #expect(readAll(short) == "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n")
        let fine = try rawRequest(port: port, Array("GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        #expect(fine.hasPrefix("HTTP/1.1 200 OK\r\n"))
        await server.stop()
    }

    @Test func expectContinueGets100Continue() async throws {
        let server = try await startServer(injectionApp, timeouts: .node)
        let port = await server.port
        let fd = try #require(connectTo(port: port))
        defer { close(fd) }
        sendText(fd, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
        var buffer = [UInt8](repeating: 0, count: 1024)
        let n = receive(fd, &buffer)
        #expect(String(decoding: buffer[0..<max(0, n)], as: UTF8.self) == "HTTP/1.1 100 Continue\r\n\r\n")
        sendText(fd, "hello")
        let rest = readAll(fd)
        #expect(rest.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(rest.hasSuffix("hello"))
        await server.stop()
    }

    @Test func headersAbove16KBGet431() async throws {
        let server = try await startServer(injectionApp, timeouts: .node)
        let port = await server.port
        let big = (0..<20).map { "X-Pad-\($0): \(String(repeating: "a", count: 1000))\r\n" }.joined()
        let reply = try rawRequest(port: port, Array("GET /ok HTTP/1.1\r\nHost: x\r\n\(big)\r\n".utf8))
        #expect(reply.hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n"))
        let under = (0..<14).map { "X-Pad-\($0): \(String(repeating: "a", count: 1000))\r\n" }.joined()
        let fine = try rawRequest(port: port, Array("GET /ok HTTP/1.1\r\nHost: x\r\n\(under)Connection: close\r\n\r\n".utf8))
        #expect(fine.hasPrefix("HTTP/1.1 200 OK\r\n"))
        await server.stop()
    }
}

@Suite struct OutputQueueTests {
    @Test func aStuckReaderNeverBlocksAndIsToldHowManyLinesWereDropped() async throws {
        let gate = DispatchSemaphore(value: 0)
        let stuck = DispatchSemaphore(value: 0)
        let written = Mutex<[String]>([])
        let queue = OutputQueue(capacity: 3) { text in
            let lines = text.split(separator: "\n").map(String.init)
            if lines.contains("first") { stuck.signal(); gate.wait() }
            written.withLock { $0 += lines }
        }
        defer { queue.finish() }
        queue.enqueue("first")
        stuck.wait()
        // The writer is stuck on "first"; these return at once.
        let started = Date()
        for i in 1...10 { queue.enqueue("line \(i)") }
        #expect(Date().timeIntervalSince(started) < 0.5)
        #expect(queue.droppedCount == 7)
        gate.signal()
        #expect(queue.flush())
        queue.enqueue("after")
        #expect(queue.flush())
        #expect(written.withLock { $0 } == [
            "first", "line 1", "line 2", "line 3",
            "crumbs: 7 lines of output dropped: the terminal was not reading", "after",
        ])
    }
}

let loopingApp = """
const express = require("express");
const app = express();
app.get("/then-loop", (req, res) => { const f = () => Promise.resolve().then(f); f(); });
app.get("/await-loop", async (req, res) => { while (true) await new Array(64).fill(0); });
app.get("/await-null", async (req, res) => { while (true) await null; });
app.get("/wasm", (req, res) => { new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])); res.send("no"); });
app.get("/ok", (req, res) => res.send("still here"));
app.listen(0);
"""

let hogApp = """
const express = require("express");
const app = express();
const kept = [];
app.get("/hog", (req, res) => { while (true) kept.push({ n: kept.length, s: "x" + kept.length }); });
app.get("/ok", (req, res) => res.send("still here"));
app.listen(0);
"""

@Suite(.serialized) struct RunawayAppTests {
    func get(_ port: Int, _ path: String) throws -> String {
        try rawRequest(port: port, Array("GET \(path) HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
    }

    @Test func promiseLoopsAreStoppedWithinTheLimitAndOtherRoutesAnswer() async throws {
        let server = try await startServer(loopingApp, timeouts: .node)
        let port = await server.port
        for path in ["/then-loop", "/await-loop", "/await-null"] {
            let started = Date()
            let reply = try get(port, path)
            #expect(reply.hasPrefix("HTTP/1.1 500 Internal Server Error\r\n"), "\(path): \(reply) \(server.runtime.events.all.suffix(2).map(\.text))")
            // 0.3 s and the next garbage collection; a loaded machine (the suite runs in parallel) adds seconds.
            #expect(Date().timeIntervalSince(started) < 8, "\(path) took \(Date().timeIntervalSince(started)) s")
            #expect(try get(port, "/ok").hasPrefix("HTTP/1.1 200 OK\r\n"))
        }
        // WebAssembly is off (its loops cannot be stopped): a ReferenceError, as for any missing global.
        #expect(try get(port, "/wasm").hasPrefix("HTTP/1.1 500 Internal Server Error\r\n"))
        #expect(server.runtime.events.all.contains { $0.text.hasPrefix("ReferenceError: WebAssembly is not defined") })
        #expect(try get(port, "/ok").hasPrefix("HTTP/1.1 200 OK\r\n"))
        await server.stop()
    }

    @Test func anAppPastTheMemoryLimitIsStoppedAndClientsAreToldWhy() async throws {
        let runtime = ExpressRuntime(source: hogApp, now: { Date() }, timeLimit: 20, memoryLimit: 200 << 20)
        try await runtime.load()
        let server = ExpressServer(runtime: runtime, now: { Date() })
        try await server.start(port: 0)
        let port = await server.port
        // Growing by 200 MB takes a moment, more on a machine busy with the rest of the suite.
        let hog = try rawRequest(port: port, Array("GET /hog HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8), timeout: 30)
        #expect(hog.hasPrefix("HTTP/1.1 500 Internal Server Error\r\n"), "\(hog) \(runtime.events.all.map(\.text))")
        let reason = "the process's memory grew by more than 200 MB during one call into the app (Node would stop with \"JavaScript heap out of memory\")"
        #expect(runtime.events.all.map(\.text).contains("stopped: \(reason). crumbs stopped the app; fix it and start it again."))
        let next = try get(port, "/ok")
        #expect(next.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
        #expect(next.hasSuffix("The app was stopped: \(reason)\n"))
        await server.stop()
    }

    @Test func anAppThatKeepsALittleOnEveryRequestIsStoppedAtTheHeapCheck() async throws {
        // 8 KB kept a request: no one call grows the process by the limit, but 4096 requests
        // (the heap is checked that often) hold 32 MB, more than the limit of 24 MB.
        let app = """
            const express = require("express");
            const app = express();
            const kept = [];
            app.get("/", (req, res) => { kept.push(String(kept.length).padEnd(8192, "x")); res.send("ok"); });
            app.listen(0);
            """
        let limit = 24 << 20
        let runtime = ExpressRuntime(source: app, now: { Date() }, timeLimit: 20, memoryLimit: limit)
        try await runtime.load()
        let request = IncomingRequest(method: "GET", target: "/", headers: [HeaderField("Host", "x")])
        var answered = 0
        while answered < ExpressRuntime.requestsPerHeapCheck, await runtime.handle(request).response?.status == 200 {
            answered += 1
        }
        // The request the check runs before is the first not answered by the app.
        #expect(answered == ExpressRuntime.requestsPerHeapCheck - 1)
        let reason = "the app's JavaScript heap holds more than 24 MB (Node would stop with \"JavaScript heap out of memory\")"
        #expect(runtime.events.all.map(\.text).contains("stopped: \(reason). crumbs stopped the app; fix it and start it again."))
        let next = await runtime.handle(request).response
        #expect(next?.status == 503)
        #expect(next?.body == "The app was stopped: \(reason)\n")
        await runtime.stop()
    }
}

@Suite struct ServeOutputTests {
    @Test func aSecondSendAndAnInvalidStatusAppearUnderTheirRequestInServesOutput() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID()).js")
        try """
            const express = require("express");
            const app = express();
            app.get("/twice", (req, res) => { res.send("one"); res.send("two"); });
            app.get("/status", (req, res) => res.status(undefined).send());
            app.listen(0);
            """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let lines = Mutex<[String]>([])
        let port = Mutex(0)
        let (ready, readyContinuation) = AsyncStream<Void>.makeStream()
        let (stop, stopContinuation) = AsyncStream<Void>.makeStream()
        let serve = Task {
            await ServeCommand.run(file: file.path, port: 0, host: "127.0.0.1", timeLimit: 1,
                                   output: { line in lines.withLock { $0.append(line) } },
                                   until: { for await _ in stop { return } },
                                   onListening: { p in port.withLock { $0 = p }; readyContinuation.yield() })
        }
        for await _ in ready { break }
        let p = port.withLock { $0 }
        _ = try rawRequest(port: p, Array("GET /twice HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        _ = try rawRequest(port: p, Array("GET /status HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        stopContinuation.yield()
        _ = await serve.value
        let printed = lines.withLock { $0 }
        let name = file.lastPathComponent
        #expect(Array(printed.dropFirst()) == [
            "→ GET /twice",
            "  Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client\n      at \(name):3:60",
            "← GET /twice 200 OK",
            "→ GET /status",
            "  RangeError [ERR_HTTP_INVALID_STATUS_CODE]: Invalid status code: undefined\n      at \(name):4:60",
            "  express: error: Invalid status code: undefined: answered 500 by the default error handler",
            "← GET /status 500 Internal Server Error",
            "crumbs: stopped",
        ])
    }
}
