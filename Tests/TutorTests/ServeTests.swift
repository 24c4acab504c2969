import Cookies
import Foundation
import Synchronization
import Testing
@testable import Tutor
@testable import Express
@testable import Serve

/// Runs curl with arguments; returns its standard output.
func curl(_ args: [String]) async throws -> String {
    try await runCommand("curl", ["-s", "--max-time", "5"] + args)
}

/// Runs `crumbs serve FILE` on a free port while `body` runs with the port, then stops it, also
/// when `body` throws; returns serve's exit code and what it printed.
func serving(_ file: URL, instances: Int = 1, sticky: Bool = false, _ body: (Int) async throws -> Void) async throws -> (Int32, [String]) {
    let lines = Mutex<[String]>([])
    let port = Mutex(0)
    let (stop, stopContinuation) = AsyncStream<Void>.makeStream()
    let (ready, readyContinuation) = AsyncStream<Void>.makeStream()
    let serve = Task {
        let code = await ServeCommand.run(file: file.path, port: 0, host: "127.0.0.1", instances: instances, sticky: sticky,
                                          output: { line in lines.withLock { $0.append(line) } },
                                          until: { for await _ in stop { return } },
                                          onListening: { p in port.withLock { $0 = p }; readyContinuation.yield() })
        readyContinuation.finish()
        return code
    }
    for await _ in ready { break }
    guard port.withLock({ $0 }) != 0 else {
        Issue.record("crumbs serve did not start: \(lines.withLock { $0 })")
        return (await serve.value, lines.withLock { $0 })
    }
    do {
        try await body(port.withLock { $0 })
    } catch {
        stopContinuation.finish()
        _ = await serve.value
        throw error
    }
    stopContinuation.yield()
    let code = await serve.value
    // Port 0: serve picks a free port before the app loads (for process.env.PORT) and binds it
    // after. Another test's connection can take it in between, and serve then says so and moves;
    // that race is outside the test, so its line is not part of what the test compares.
    return (code, lines.withLock { $0 }.filter { !($0.hasPrefix("crumbs: port ") && $0.contains(" is taken, so the app listens on port ")) })
}

@Suite(.serialized, .scratch, .timeLimit(.minutes(1))) struct ServeTests {
    @Test func curlKeepsTheSessionAcrossRequests() async throws {
        let dir = temporaryDirectory()
        let app = dir.appendingPathComponent("app.js")
        try """
        const express = require("express");
        const session = require("express-session");
        const app = express();
        app.use(session({ secret: "keyboard cat", resave: false, saveUninitialized: false }));
        app.get("/", (req, res) => {
          req.session.views = (req.session.views || 0) + 1;
          res.send(`views: ${req.session.views}`);
        });
        app.listen(0, () => console.log("listening"));
        """.write(to: app, atomically: true, encoding: .utf8)

        let (code, printed) = try await serving(app) { port in
            let base = "http://127.0.0.1:\(port)/"
            let jar = dir.appendingPathComponent("cookies.txt").path
            #expect(try await curl(["-c", jar, "-b", jar, base]) == "views: 1")
            #expect(try await curl(["-c", jar, "-b", jar, base]) == "views: 2")
            let saved = try String(contentsOfFile: jar, encoding: .utf8)
            #expect(saved.contains("#HttpOnly_127.0.0.1\tFALSE\t/\tFALSE\t0\tconnect.sid\ts%3A"))
            #expect(try await curl([base]) == "views: 1")  // no cookie: a new session
        }
        #expect(code == 0)
        #expect(printed.first == "listening")
        #expect(printed.contains("  express-session: the request has no connect.sid cookie"))
        #expect(printed.contains { $0.hasPrefix("← GET / 200 OK\n  store + ") })
        #expect(printed.contains { $0.hasPrefix("← GET / 200 OK\n  store ~ ") })
        #expect(printed.last == "crumbs: stopped")
    }

    /// Node's HTTP server: an HTTP/1.1 request without Host is refused with 400 before the app
    /// sees it; an HTTP/1.0 request is answered with an HTTP/1.1 status line.
    @Test func hostlessRequestsAndHTTP10AsNodeAnswersThem() async throws {
        let runtime = ExpressRuntime(source: """
            const app = require("express")();
            app.get("/", (req, res) => { console.log("the app saw", req.method); res.send("hi"); });
            """, now: { Date() })
        try await runtime.load()
        let server = ExpressServer(runtime: runtime, now: { Date() })
        let port = try await server.start(host: "127.0.0.1", port: 0)
        let url = "http://127.0.0.1:\(port)/"
        let hostless = try await curl(["-i", "-H", "Host:", url])
        let http10 = try await curl(["-i", "-0", url])
        await server.stop()
        // (NIO writes the framing header it checks in lower case; header names are case-insensitive.)
        let lines = hostless.components(separatedBy: "\r\n")
        #expect(lines.first == "HTTP/1.1 400 Bad Request")
        #expect(lines.dropFirst().filter { !$0.hasPrefix("Date: ") } == ["Connection: close", "transfer-encoding: chunked", "", ""])
        #expect(http10.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(http10.contains("\r\nConnection: close\r\n"))
        #expect(runtime.events.all.filter(\.isConsole).map(\.text) == ["the app saw GET"])
    }

    @Test func aBrokenAppFileGetsADiagnostic() async throws {
        let file = temporaryDirectory().appendingPathComponent("broken.js")
        try "const app = require('express')();\napp.get('/', (req, res) => { err && throw err; });\n".write(to: file, atomically: true, encoding: .utf8)
        let lines = Mutex<[String]>([])
        let code = await ServeCommand.run(file: file.path, port: 0, host: "127.0.0.1", output: { l in lines.withLock { $0.append(l) } })
        #expect(code == 1)
        #expect(lines.withLock { $0 } == ["""
            \(file.lastPathComponent):2:37: SyntaxError: Unexpected token 'throw'
            app.get('/', (req, res) => { err && throw err; });
                                                ^
            """])
    }

    /// Answers go out in another order than their requests changed the store when several are
    /// open at once (two connections, two loops): each is printed with its own change.
    @Test func eachAnswerIsPrintedWithItsOwnStoreChangeWhateverTheirOrder() async throws {
        let counter = Mutex<UInt8>(0)
        let runtime = ExpressRuntime(source: """
            const express = require("express");
            const session = require("express-session");
            const app = express();
            app.use(session({ secret: "keyboard cat", resave: false, saveUninitialized: false }));
            app.get("/:who", (req, res) => { req.session.who = req.params.who; res.send("ok"); });
            """, now: { Date(timeIntervalSince1970: 1_705_320_000) },
            randomBytes: { count in [UInt8](repeating: counter.withLock { $0 += 1; return $0 }, count: count) })
        try await runtime.load()
        let printed = Mutex<[String]>([])
        let printer = RequestPrinter(runtime: runtime, patience: 0, output: { line in printed.withLock { $0.append(line) } })
        printer.watch()
        let first = IncomingRequest(method: "GET", target: "/ann", headers: [HeaderField("Host", "localhost")])
        let second = IncomingRequest(method: "GET", target: "/bob", headers: [HeaderField("Host", "localhost")])
        let answers = (await runtime.handle(first), await runtime.handle(second))
        printer.print(ExpressServer.Record(request: second, handled: answers.1))
        printer.print(ExpressServer.Record(request: first, handled: answers.0))
        let cookieJSON = #"{"originalMaxAge":null,"expires":null,"httpOnly":true,"path":"/"}"#
        let answered = printed.withLock { $0 }.filter { $0.hasPrefix("←") }
        #expect(answered == [
            "← GET /bob 200 OK\n  store + \(String(repeating: "AgIC", count: 8)) {\"cookie\":\(cookieJSON),\"who\":\"bob\"}",
            "← GET /ann 200 OK\n  store + \(String(repeating: "AQEB", count: 8)) {\"cookie\":\(cookieJSON),\"who\":\"ann\"}",
        ])
    }

    @Test func eachRequestPrintsItsDecisionsAndWhatItChangedInTheStore() async throws {
        let runtime = ExpressRuntime(source: """
            const express = require("express");
            const session = require("express-session");
            const app = express();
            app.use(session({ secret: "keyboard cat", resave: false, saveUninitialized: false }));
            app.get("/", (req, res) => { req.session.views = (req.session.views || 0) + 1; res.send("ok"); });
            app.get("/logout", (req, res) => req.session.destroy(() => res.send("bye")));
            """, now: { Date(timeIntervalSince1970: 1_705_320_000) }, randomBytes: { [UInt8](repeating: 1, count: $0) })
        try await runtime.load()
        let printed = Mutex<[String]>([])
        let printer = RequestPrinter(runtime: runtime, patience: 0, output: { line in printed.withLock { $0.append(line) } })
        printer.watch()
        var cookie: [HeaderField] = []
        for target in ["/", "/", "/logout"] {
            let request = IncomingRequest(method: "GET", target: target, headers: [HeaderField("Host", "localhost")] + cookie)
            let handled = await runtime.handle(request)
            printer.print(ExpressServer.Record(request: request, handled: handled))
            if let set = handled.response?.headers.first(where: { $0.name == "Set-Cookie" }) {
                cookie = [HeaderField("Cookie", String(set.value.prefix { $0 != ";" }))]
            }
        }
        let id = String(repeating: "AQEB", count: 8)  // 24 bytes of 1s, base64url
        let cookieJSON = #"{"originalMaxAge":null,"expires":null,"httpOnly":true,"path":"/"}"#
        #expect(printed.withLock { $0 }.joined(separator: "\n") == """
            → GET /
              express-session: the request has no connect.sid cookie
              express-session: new session AQEBAQEB… (not in the store until it is saved)
              express-session: saved session AQEBAQEB… to the store: a new session that was modified
              express-session: Set-Cookie: connect.sid = "s:" + id + "." + signature (a new session that was modified); the signature is an HMAC-SHA256 of the id with the first secret: it proves the id came from this server (integrity, not secrecy: the id itself is readable)
            ← GET / 200 OK
              store + \(id) {"cookie":\(cookieJSON),"views":1}
            → GET /
              express-session: loaded session AQEBAQEB… from the store
              express-session: saved session AQEBAQEB… to the store: the session was modified
              express-session: no Set-Cookie: the browser already has this session's cookie (it has no maxAge, so only rolling would send it again)
            ← GET / 200 OK
              store ~ \(id) {"cookie":\(cookieJSON),"views":2}
            → GET /logout
              express-session: loaded session AQEBAQEB… from the store
              express-session: req.session.destroy(): session AQEBAQEB… removed from the store; the browser's cookie is not cleared
            ← GET /logout 200 OK
              store - \(id)
            """)
    }
}
