import Foundation
import Synchronization
import Testing
@testable import Serve

/// `crumbs serve app.js --instances N [--sticky]`: N copies of the app behind one real port,
/// each with its own MemoryStore, reached with curl over loopback.
@Suite(.serialized, .scratch, .timeLimit(.minutes(1))) struct ServeInstancesTests {
    static let app = """
        const express = require("express");
        const session = require("express-session");
        const app = express();
        app.use(session({ secret: "keyboard cat", resave: false, saveUninitialized: false }));
        app.get("/login", (req, res) => { req.session.user = req.query.user; res.send(`logged in as ${req.session.user}`); });
        app.get("/me", (req, res) => res.send(`you are ${req.session.user || "nobody"}`));
        app.listen(0, () => console.log("listening"));
        """

    static func appFile() throws -> URL {
        let file = temporaryDirectory().appendingPathComponent("app.js")
        try app.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Logs in, then asks /me four times with the same cookie jar; returns the answers.
    static func loginAndAsk(_ port: Int) async throws -> [String] {
        let jar = temporaryDirectory().appendingPathComponent("cookies.txt").path
        let base = "http://127.0.0.1:\(port)"
        var answers = [try await curl(["-c", jar, "-b", jar, base + "/login?user=alice"])]
        for _ in 0..<4 { answers.append(try await curl(["-c", jar, "-b", jar, base + "/me"])) }
        return answers
    }

    /// Each request's first line and its response's first two: where it went, how it ended.
    static func requestLines(_ printed: [String]) -> [String] {
        printed.filter { $0.hasPrefix("→ ") || $0.hasPrefix("← ") }.map { line in
            line.split(separator: "\n").prefix(2).map { $0.hasPrefix("  store") ? "  store …" : String($0) }.joined(separator: "\n")
        }
    }

    @Test func twoInstancesAlternateFoundAndNotFound() async throws {
        let servedPort = Mutex(0)
        let (code, printed) = try await serving(try Self.appFile(), instances: 2) { port in
            servedPort.withLock { $0 = port }
            let answers = try await Self.loginAndAsk(port)
            #expect(answers == [
                "logged in as alice", "you are nobody", "you are alice", "you are nobody", "you are alice",
            ])
        }
        let port = servedPort.withLock { $0 }
        #expect(code == 0)
        #expect(Array(printed.prefix(3)) == [
            "[1] listening", "[2] listening",
            "crumbs: serving app.js as 2 instances, round-robin, on http://127.0.0.1:\(port) (Ctrl-C stops)",
        ])
        #expect(Self.requestLines(printed) == [
            "→ [1] GET /login?user=alice", "← [1] GET /login?user=alice 200 OK\n  store …",
            "→ [2] GET /me", "← [2] GET /me 200 OK",
            "→ [1] GET /me", "← [1] GET /me 200 OK",
            "→ [2] GET /me", "← [2] GET /me 200 OK",
            "→ [1] GET /me", "← [1] GET /me 200 OK",
        ])
        // [2] never saw alice's session: each /me it answers starts a new one.
        let missing = printed.filter { $0.wholeMatch(of: /\ \ express-session: session .{8}… is not in the store \(it expired, was destroyed, or the server restarted\): new session .{8}…/) != nil }
        #expect(missing.count == 2)
    }

    @Test func stickyAlwaysFindsTheSession() async throws {
        let (code, printed) = try await serving(try Self.appFile(), instances: 2, sticky: true) { port in
            let answers = try await Self.loginAndAsk(port)
            #expect(answers == [
                "logged in as alice", "you are alice", "you are alice", "you are alice", "you are alice",
            ])
        }
        #expect(code == 0)
        #expect(printed.contains { $0.hasPrefix("crumbs: serving app.js as 2 instances, sticky (the balancer's cookie srv_id pins each browser to one instance), on http://127.0.0.1:") })
        let login = try #require(printed.first { $0.hasPrefix("← [1] GET /login?user=alice 200 OK\n") })
        #expect(login.split(separator: "\n")[1] == "  balancer: no srv_id cookie: round-robin chose instance [1], and the balancer adds Set-Cookie: srv_id=1; Path=/ to its answer, which pins this browser to instance [1] (sticky, as nginx's sticky cookie or AWS ALB's AWSALB)")
        #expect(Self.requestLines(printed).filter { $0.hasPrefix("← ") } == [
            "← [1] GET /login?user=alice 200 OK\n  balancer: no srv_id cookie: round-robin chose instance [1], and the balancer adds Set-Cookie: srv_id=1; Path=/ to its answer, which pins this browser to instance [1] (sticky, as nginx's sticky cookie or AWS ALB's AWSALB)",
        ] + Array(repeating: "← [1] GET /me 200 OK\n  balancer: the request carries srv_id=1, the balancer's own cookie: it goes to instance [1] again (sticky)", count: 4))
    }

    /// One instance without --sticky is the plain server: no labels, no balancer.
    @Test func oneInstanceIsThePlainServer() async throws {
        let (_, printed) = try await serving(try Self.appFile()) { port in
            let answer = try await curl(["http://127.0.0.1:\(port)/me"])
            #expect(answer == "you are nobody")
        }
        #expect(printed.first == "listening")
        #expect(Self.requestLines(printed) == ["→ GET /me", "← GET /me 200 OK"])
    }
}
