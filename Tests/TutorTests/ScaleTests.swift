import Foundation
import Testing
@testable import Tutor

/// `scale N [--sticky]` (the app as N instances behind the tutor's port) and `together N`
/// (requests that arrive at once and race on the session, as under Node).
@Suite(.serialized, .scratch) struct ScaleTests {
    static let app = """
        const express = require("express");
        const session = require("express-session");
        const app = express();
        app.use(session({ resave: false, saveUninitialized: false, secret: "s" }));
        app.get("/login", (req, res) => { req.session.user = req.query.user; res.send(`logged in as ${req.session.user}`); });
        app.get("/me", (req, res) => res.send(`you are ${req.session.user || "nobody"}`));
        app.get("/count", (req, res) => { req.session.count = (req.session.count || 0) + 1; res.send(`count: ${req.session.count}`); });
        app.listen(3000);
        """

    /// A tutor running `source` (as `load FILE`).
    static func loaded(_ source: String = app, as name: String = "app.js") async throws -> Tutor {
        let file = temporaryDirectory().appendingPathComponent(name)
        try source.write(to: file, atomically: true, encoding: .utf8)
        // A copy `together` holds waits for the others to reach the server; with every core
        // busy running the suite, that can take longer than the usual 2 s time-out.
        let t = makeTutor(width: 100, timeout: 10)
        _ = await t.start()
        _ = await t.run("load \(file.path)")
        return t
    }

    /// The body each response line shows, in order.
    static func answers(_ output: String) -> [String] {
        output.split(separator: "\n").filter { $0.hasPrefix("← ") }.map { String($0.split(separator: " · ").last ?? "") }
    }

    /// Two increments that arrive together on one session count once, as under Node: both read
    /// the session before either saves, and the second save says whose change it replaced.
    @Test func togetherLosesAnUpdateAsUnderNode() async throws {
        let t = try await Self.loaded()
        _ = await t.run("get /login?user=alice")
        // Bound first, so that a failure shows what came instead.
        let output = await t.run("together 2 get /count")
        #expect(output == """
            2 × GET /count sent at once: both arrived before the server's event loop turned, so each began (and
              read what it needed from the store) before the callbacks either queued ran, as under Node
            → GET /count (1 of 2)
                Cookie: connect.sid=s%3A1eyO-OyPbZ_S8hEVuzDkGH-l21i_fG9M.wEF%2Fj9EVwWN%2FwCY8XtaivRfd79Z6P3F95H…
            ← 200 OK · text/html · "count: 1"
            → GET /count (2 of 2)
                Cookie: connect.sid=s%3A1eyO-OyPbZ_S8hEVuzDkGH-l21i_fG9M.wEF%2Fj9EVwWN%2FwCY8XtaivRfd79Z6P3F95H…
            ← 200 OK · text/html · "count: 1"

            ── browser jar · Chrome · default ───────────────  ── session store · 1 session ────────────────────
              connect.sid=s%3A1eyO-OyPbZ_S8hEVuzDkGH-l21i_fG…  ~ 1eyO-OyP… {"user":"alice","count":1}

            why
              request 1 of 2:
                express-session: loaded session 1eyO-OyP… from the store
                express-session: saved session 1eyO-OyP… to the store: the session was modified
                express-session: no Set-Cookie: the browser already has this session's cookie (it has no maxAge,
                  so only rolling would send it again)
              request 2 of 2:
                express-session: loaded session 1eyO-OyP… from the store
                express-session: saved session 1eyO-OyP… to the store: the session was modified
                express-session: saved session 1eyO-OyP… over a change another request saved after this one
                  loaded it: this request loaded {"user":"alice"}, the store held {"user":"alice","count":1};
                  the last save wins, so that change is lost (a lost update)
                express-session: no Set-Cookie: the browser already has this session's cookie (it has no maxAge,
                  so only rolling would send it again)
            """)
        // One after the other, the next increment counts.
        #expect(Self.answers(await t.run("get /count")) == ["\"count: 2\""])
    }

    @Test func togetherRefusesWhatIsNotARequest() async throws {
        let t = try await Self.loaded()
        #expect(await t.run("together 2 jar") == "together: \"jar\" is not a request (get, post, put, patch, delete, head or options) — usage: together N REQUEST — 2 to 10 copies of a request sent at once, e.g. `together 2 get /count`")
        #expect(await t.run("together 1 get /") == "usage: together N REQUEST — 2 to 10 copies of a request sent at once, e.g. `together 2 get /count`")
        #expect(await t.run("together 2 get") == "get: missing PATH — usage: get PATH|URL [-H 'Name: value'] [--from SITE] [--subresource]")
    }

    /// Round-robin over two MemoryStores: the login lives in [1], so [2] never finds it.
    @Test func scaleTwoAlternatesFoundAndNotFound() async throws {
        let t = try await Self.loaded()
        let port = try #require(await t.appSlot.app?.port)
        #expect(await t.run("scale 2").replacingOccurrences(of: "localhost:\(port)", with: "localhost:PORT") == """
            scaled to 2 instances of app.js behind http://localhost:PORT, round-robin: the balancer sends each
              request to the next instance in turn, [1], [2], [1], …, whatever cookies it carries
              each instance is a process of its own, with its own memory, and so its own MemoryStore: [1] has
                none yet; [2] starts with none
            """)
        #expect(Self.answers(await t.run("get /login?user=alice")) == ["\"logged in as alice\""])
        #expect(await t.run("get /me") == """
            → [2] GET /me
                Cookie: connect.sid=s%3A1eyO-OyPbZ_S8hEVuzDkGH-l21i_fG9M.wEF%2Fj9EVwWN%2FwCY8XtaivRfd79Z6P3F95H…
            ← 200 OK · text/html · "you are nobody"

            ── browser jar · Chrome · default ───────────────  ── session stores · 2 instances ─────────────────
              connect.sid=s%3A1eyO-OyPbZ_S8hEVuzDkGH-l21i_fG…  [1] MemoryStore · 1 session
                                                                 1eyO-OyP… {"user":"alice"}
                                                               [2] MemoryStore · no sessions · answered

            why
              balancer: round-robin: instance [2] of 2 answers, the next in turn (the balancer reads no cookie,
                so it knows nothing of sessions)
              express-session: session 1eyO-OyP… is not in the store (it expired, was destroyed, or the server
                restarted): new session WbibruBp…
              express-session: not saved: the new session is unmodified and saveUninitialized is false
              express-session: no Set-Cookie: the new session is unmodified and saveUninitialized is false
            """)
        var bodies: [String] = []
        for _ in 0..<4 { bodies += Self.answers(await t.run("get /me")) }
        #expect(bodies == ["\"you are alice\"", "\"you are nobody\"", "\"you are alice\"", "\"you are nobody\""])
        #expect(await t.run("store") == """
            [1] session store (MemoryStore, 1 session):
              1eyO-OyPbZ_S8hEVuzDkGH-l21i_fG9M  no expiry (a browser-session cookie)
                {"cookie":{"originalMaxAge":null,"expires":null,"httpOnly":true,"path":"/"},"user":"alice"}
            [2] the session store is empty.
            """)
        #expect(await t.run("scale 1") == "scaled down to 1 instance of app.js: [2] stopped, and its MemoryStore held no sessions.")
        for _ in 0..<2 { bodies = Self.answers(await t.run("get /me")) }
        #expect(bodies == ["\"you are alice\""])
    }

    /// Sticky: the balancer's cookie pins the browser to the instance that answered first.
    @Test func stickyAlwaysFindsTheSession() async throws {
        let t = try await Self.loaded()
        _ = await t.run("scale 2 --sticky")
        let login = await t.run("get /login?user=alice")
        #expect(login.contains("    Set-Cookie: srv_id=1; Path=/\n"))
        #expect(login.contains("""
              balancer: no srv_id cookie: round-robin chose instance [1], and the balancer adds Set-Cookie:
                srv_id=1; Path=/ to its answer, which pins this browser to instance [1] (sticky, as nginx's
                sticky cookie or AWS ALB's AWSALB)
            """))
        var bodies: [String] = []
        for _ in 0..<4 { bodies += Self.answers(await t.run("get /me")) }
        #expect(bodies == Array(repeating: "\"you are alice\"", count: 4))
        #expect(await t.run("why").contains("""
               balancer: the request carries srv_id=1, the balancer's own cookie: it goes to instance [1] again
                   (sticky)
            """))
        // Another browser, not pinned yet, gets the next instance in turn: a session of its own there.
        _ = await t.run("as bob")
        #expect(await t.run("get /login?user=bob").hasPrefix("→ [2] GET /login?user=bob\n"))
        #expect(await t.run("get /me").hasPrefix("→ [2] GET /me\n"))
    }

    /// The app with connect-sqlite3 as its store (sessions.db in the app's folder).
    static let sqliteApp = app
        .replacingOccurrences(of: "app.use(session({ resave", with: "app.use(session({ store: new SQLiteStore({ db: \"sessions.db\" }), resave")
        .replacingOccurrences(of: "const app = express();", with: "const SQLiteStore = require(\"connect-sqlite3\")(session);\nconst app = express();")

    /// A store outside the processes (one SQLite file every instance opens) is one store: every
    /// instance finds the session, the panel shows it once, and scaling down loses nothing.
    @Test func aSharedSQLiteStoreServesEveryInstance() async throws {
        let t = try await Self.loaded(Self.sqliteApp, as: "shared.js")
        let scaled = await t.run("scale 2")
        #expect(scaled.hasSuffix("""
              each instance is a process of its own, with its own memory, but they keep their sessions outside
                it, in one store, SQLite sessions.db, which each opens: every instance finds every session
            """))
        #expect(Self.answers(await t.run("get /login?user=alice")) == ["\"logged in as alice\""])
        let me = await t.run("get /me")
        #expect(me.hasPrefix("→ [2] GET /me\n"))
        #expect(me.contains("""
            ── browser jar · Chrome · default ───────────────  ── shared SQLite store sessions.db · 1 session ──
              connect.sid=s%3A1eyO-OyPbZ_S8hEVuzDkGH-l21i_fG…    1eyO-OyP… {"user":"alice"} · until Tue, 16 Jan…
            """))
        #expect(Self.answers(me) == ["\"you are alice\""])
        #expect(Self.answers(await t.run("get /me")) == ["\"you are alice\""])
        #expect(await t.run("store").hasPrefix("session store (connect-sqlite3: the SQLite file "))
        #expect(await t.run("store").contains(", table sessions, 1 session; shared by the 2 instances, each opens the same file):\n"))
        #expect(await t.run("scale 1") == "scaled down to 1 instance of shared.js: [2] stopped; the sessions are in the store the instances\n  share, so none are lost.")
    }

    /// connect-sqlite3 reads at once and calls back later too: the same race, the same why.
    @Test func togetherLosesAnUpdateInASQLiteStoreToo() async throws {
        let t = try await Self.loaded(Self.sqliteApp, as: "sqlite.js")
        _ = await t.run("get /login?user=alice")
        let raced = await t.run("together 2 get /count")
        #expect(Self.answers(raced) == ["\"count: 1\"", "\"count: 1\""])
        #expect(raced.contains("""
                express-session: saved session 1eyO-OyP… over a change another request saved after this one
                  loaded it: this request loaded {"user":"alice"}, the store held {"user":"alice","count":1};
                  the last save wins, so that change is lost (a lost update)
            """))
    }

    /// Entering a step puts the scale back as the lesson's own path leaves it.
    @Test func aStepStartsWithTheScaleItsLessonLeaves() async throws {
        let t = makeTutor(width: 100)
        _ = await t.start()
        _ = await t.run("open two-servers-one-store")
        #expect(await t.run("store") == "the session store is empty.")
        _ = await t.run("scale 3 --sticky")
        #expect(await t.run("reset").contains("\nPut back as this step starts: the app as one instance again.\n"))
        #expect(await t.run("store") == "the session store is empty.")
        // Step 2 starts after step 1's commands, `scale 2` among them.
        _ = await t.run("next")
        #expect(await t.run("store").hasPrefix("[1] session store (MemoryStore, 1 session):\n"))
        _ = await t.run("scale 1")
        #expect(await t.run("reset").contains("\nPut back as this step starts: the app as 2 instances again.\n"))
    }
}
