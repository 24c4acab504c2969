import Cookies
import Foundation
import Synchronization
import Testing
@testable import Express

/// Requests that arrive together race as under Node: each is begun before the immediates of
/// any of them run, so MemoryStore hands both the session as it was, and the last save wins.
@Suite struct TogetherTests {
    static let counter = """
        const express = require("express");
        const session = require("express-session");
        const app = express();
        app.use(session({ secret: "keyboard cat", resave: false, saveUninitialized: false }));
        app.get("/count", (req, res) => {
          req.session.count = (req.session.count || 0) + 1;
          res.send(`count: ${req.session.count}`);
        });
        """

    /// Begins `requests` in one turn of the runtime; returns their answers in the same order.
    static func together(_ runtime: ExpressRuntime, _ requests: [IncomingRequest]) async -> [ExpressRuntime.Handled] {
        let answers = Mutex<[Int: ExpressRuntime.Handled]>([:])
        await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
            let items = requests.enumerated().map { index, request in
                (request: request, completion: { @Sendable (handled: ExpressRuntime.Handled) in
                    let all = answers.withLock { $0[index] = handled; return $0.count == requests.count }
                    if all { done.resume() }
                })
            }
            Task { await runtime.begin(together: items) }
        }
        return answers.withLock { a in requests.indices.map { a[$0]! } }
    }

    /// A session's JSON without its cookie.
    static func data(_ json: String) -> String {
        guard let range = json.range(of: #"},"#) else { return json }
        return "{" + json[range.upperBound...]
    }

    static func get(_ path: String, cookie: String) -> IncomingRequest {
        IncomingRequest(method: "GET", target: path, headers: [HeaderField("Host", "localhost:3000"), HeaderField("Cookie", cookie)])
    }

    @Test func twoIncrementsThatArriveTogetherCountOnce() async throws {
        let runtime = try await makeApp(Self.counter)
        let first = await runtime.get("/count")
        #expect(first?.body == "count: 1")
        let cookie = cookiePair(try #require(first?.setCookies.first))
        let mark = runtime.events.count
        let answers = await Self.together(runtime, [Self.get("/count", cookie: cookie), Self.get("/count", cookie: cookie)])
        // Under Node both read count 1 before either saved: both answer 2, and 2 is stored.
        #expect(answers.map { $0.response?.body } == ["count: 2", "count: 2"])
        #expect(answers.map(\.id) == [2, 3])
        let id = sessionID(1)
        #expect(runtime.stores.sessions.map(\.json) == [#"{"cookie":{"originalMaxAge":null,"expires":null,"httpOnly":true,"path":"/"},"count":2}"#])
        // Each request's decisions, and the one that says whose change the second save replaced.
        func decisions(_ request: Int) -> [String] {
            runtime.events.since(mark).filter { $0.requestID == request && !$0.isConsole }.map(\.line)
        }
        let short = String(id.prefix(8)) + "…"
        #expect(decisions(2) == [
            "express-session: loaded session \(short) from the store",
            "express-session: saved session \(short) to the store: the session was modified",
            "express-session: no Set-Cookie: the browser already has this session's cookie (it has no maxAge, so only rolling would send it again)",
        ])
        #expect(decisions(3) == [
            "express-session: loaded session \(short) from the store",
            "express-session: saved session \(short) to the store: the session was modified",
            #"express-session: saved session \#(short) over a change another request saved after this one loaded it: this request loaded {"count":1}, the store held {"count":2}; the last save wins, so that change is lost (a lost update)"#,
            "express-session: no Set-Cookie: the browser already has this session's cookie (it has no maxAge, so only rolling would send it again)",
        ])
    }

    /// One after the other, nothing is lost and nothing is said about it.
    @Test func requestsOneAfterTheOtherCountEach() async throws {
        let runtime = try await makeApp(Self.counter)
        let first = await runtime.get("/count")
        let cookie = cookiePair(try #require(first?.setCookies.first))
        #expect(await runtime.get("/count", cookie: cookie)?.body == "count: 2")
        #expect(await runtime.get("/count", cookie: cookie)?.body == "count: 3")
        #expect(!runtime.decisions().contains { $0.contains("over a change") })
    }

    /// A request that saves its session itself and then changes it again overwrites no one.
    @Test func aRequestsOwnEarlierSaveIsNoLostUpdate() async throws {
        let runtime = try await makeApp("""
            const app = require("express")();
            app.use(require("express-session")({ secret: "s", resave: false, saveUninitialized: false }));
            app.get("/", (req, res) => {
              req.session.n = (req.session.n || 0) + 1;
              req.session.save(() => { req.session.m = req.session.n; res.send("ok"); });
            });
            """)
        let first = await runtime.get("/")
        let cookie = cookiePair(try #require(first?.setCookies.first))
        #expect(await runtime.get("/", cookie: cookie)?.body == "ok")
        #expect(runtime.stores.sessions.map { Self.data($0.json) } == [#"{"n":2,"m":2}"#])
        #expect(!runtime.decisions().contains { $0.contains("over a change") })
    }
}
