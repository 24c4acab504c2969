import Foundation
import Testing
@testable import Express

/// The express-session reasons that explain what a learner cannot see: the other copy of an
/// expiry, what a signature is, what a kept session means.
@Suite struct SessionReasonTests {
    @Test func touchingSaysTheBrowsersExpiresMovesOnlyWithRolling() async throws {
        let clock = TestClock()
        let app = try await makeApp(sessionApp("resave: false, saveUninitialized: false, rolling: true, cookie: { maxAge: 60000 }"), clock: clock)
        _ = await app.get("/set")
        clock.advance(30)
        let mark = app.events.count
        _ = await app.get("/read", cookie: cookie1)
        #expect(app.decisions(since: mark).contains(
            "express-session: touched session AQEBAQEB…: unmodified, so only its expiry is refreshed in the store; rolling is true, so the browser's cookie gets the new Expires too"))
    }

    @Test func eachSetCookieSaysWhyItWentOutResponseAfterResponse() async throws {
        func setCookieWhy(_ because: String) -> String {
            "express-session: Set-Cookie: connect.sid = \"s:\" + id + \".\" + signature (\(because)); the signature is an HMAC-SHA256 of the id with the first secret: it proves the id came from this server (integrity, not secrecy: the id itself is readable)"
        }
        // One middleware gives each case its own reason, whichever came first.
        let maxAge = try await makeApp(sessionApp("resave: false, saveUninitialized: false, cookie: { maxAge: 60000 }"))
        for because in ["a new session that was modified", "the session has a maxAge and was modified", "the session has a maxAge and was modified"] {
            let mark = maxAge.events.count
            _ = await maxAge.get("/set", cookie: because.hasPrefix("a new") ? nil : cookie1)
            #expect(maxAge.decisions(since: mark).filter { $0.contains("Set-Cookie: connect.sid") } == [setCookieWhy(because)])
        }
        let rolling = try await makeApp(sessionApp("resave: false, saveUninitialized: true, rolling: true"))
        for (path, because) in [("/read", "a new session and saveUninitialized is true"), ("/read", "rolling is true"), ("/set", "rolling is true")] {
            let mark = rolling.events.count
            _ = await rolling.get(path, cookie: because.hasPrefix("a new") ? nil : cookie1)
            #expect(rolling.decisions(since: mark).filter { $0.contains("Set-Cookie: connect.sid") } == [setCookieWhy(because)])
        }
    }

    @Test func touchingASessionWithoutMaxAgeSaysThereIsNoExpiry() async throws {
        let app = try await makeApp(sessionApp("resave: false, saveUninitialized: false"))
        _ = await app.get("/set")
        let mark = app.events.count
        _ = await app.get("/read", cookie: cookie1)
        #expect(app.decisions(since: mark).contains(
            "express-session: touched session AQEBAQEB…: unmodified and its cookie has no maxAge, so there is no expiry to refresh: the store keeps it with none, and the browser drops its cookie when it closes"))
    }

    @Test func unsetKeepExplainsANulledSession() async throws {
        let app = try await makeApp("""
            const express = require("express");
            const session = require("express-session");
            const app = express();
            app.use(session({ secret: "keyboard cat", resave: false, saveUninitialized: false, unset: "keep" }));
            app.get("/", (req, res) => { req.session.n = 1; res.send("set"); });
            app.get("/forget", (req, res) => { req.session.n = 2; req.session = null; res.send("forgotten"); });
            """)
        _ = await app.get("/")
        let mark = app.events.count
        let r = try #require(await app.get("/forget", cookie: cookie1))
        #expect(r.setCookies.isEmpty)
        #expect(app.stores.sessions.first?.json == #"{"cookie":{"originalMaxAge":null,"expires":null,"httpOnly":true,"path":"/"},"n":1}"#)
        #expect(app.decisions(since: mark).last
            == "express-session: req.session is null and unset is \"keep\": session AQEBAQEB… stays in the store as it was (this request's changes are not saved), and the browser keeps its cookie")
    }

    @Test func aSignatureThatFailsEverySecretSaysSo() async throws {
        let app = try await makeApp("""
            const express = require("express");
            const session = require("express-session");
            const app = express();
            app.use(session({ secret: ["new", "old"], resave: false, saveUninitialized: false }));
            app.get("/", (req, res) => res.send("hi"));
            """)
        _ = await app.get("/", cookie: "connect.sid=s%3AAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB.forged")
        #expect(app.decisions().contains(
            "express-session: the connect.sid cookie's signature did not verify with any of the 2 secrets: treated as no cookie"))
    }

    @Test func regenerateSaysTheNewIdCountsAsModified() async throws {
        let app = try await makeApp("""
            const express = require("express");
            const session = require("express-session");
            const app = express();
            app.use(session({ secret: "keyboard cat", resave: false, saveUninitialized: false }));
            app.get("/visit", (req, res) => { req.session.seen = true; res.send("seen"); });
            app.get("/login", (req, res) => req.session.regenerate(() => res.send("welcome")));
            """)
        _ = await app.get("/visit")
        let mark = app.events.count
        let r = try #require(await app.get("/login", cookie: cookie1))
        // Nothing was put in the new session, and still it is saved and sent.
        #expect(r.setCookies == ["\(cookie2); Path=/; HttpOnly"])
        #expect(app.decisions(since: mark).contains(
            "express-session: req.session.regenerate(): session AQEBAQEB… destroyed, a new id issued; a new id counts as modified, so the session is saved and sent in a Set-Cookie"))
    }
}
