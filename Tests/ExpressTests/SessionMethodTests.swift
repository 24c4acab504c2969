import Foundation
import Testing
@testable import Express

@Suite struct SessionMethodTests {
    @Test func theFirstSecretSignsAndEverySecretVerifies() async throws {
        let app = try await makeApp("""
            const express = require("express");
            const session = require("express-session");
            const app = express();
            app.use(session({ secret: ["new", "old"], resave: false, saveUninitialized: false }));
            app.get("/", (req, res) => { req.session.n = (req.session.n || 0) + 1; res.send(String(req.session.n)); });
            """)
        let first = try #require(await app.get("/"))
        #expect(first.setCookies == ["connect.sid=s%3AAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB.npqv8J1yEn2DSmJOYojhujBz6YVNfZuQbJ0fNKoG3bE; Path=/; HttpOnly"])
        // A cookie signed with the older secret still finds the session.
        let old = "connect.sid=s%3AAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB.F7oEjNUmH%2BxQEgt4QsjKc%2FCnDvsGOOH8AVXYrFra6AA"
        #expect(await app.get("/", cookie: old)?.body == "2")
    }

    @Test func unsetDestroyRemovesTheSessionWhenReqSessionIsNulled() async throws {
        let app = try await makeApp("""
            const express = require("express");
            const session = require("express-session");
            const app = express();
            app.use(session({ secret: "keyboard cat", resave: false, saveUninitialized: false, unset: "destroy" }));
            app.get("/", (req, res) => { req.session.n = 1; res.send("set"); });
            app.get("/forget", (req, res) => { req.session = null; res.send("forgotten"); });
            """)
        _ = await app.get("/")
        let mark = app.events.count
        let r = try #require(await app.get("/forget", cookie: cookie1))
        #expect(r.setCookies.isEmpty)
        #expect(app.stores.sessions.isEmpty)
        #expect(app.decisions(since: mark).last == "express-session: req.session is null and unset is \"destroy\": session AQEBAQEB… destroyed")
    }

    @Test func saveReloadTouchAndResetMaxAge() async throws {
        let clock = TestClock()
        let app = try await makeApp("""
            const express = require("express");
            const session = require("express-session");
            const app = express();
            app.use(session({ secret: "keyboard cat", resave: false, saveUninitialized: false, cookie: { maxAge: 60000 } }));
            app.get("/", (req, res) => {
              req.session.step = "saved early";
              req.session.save((err) => {
                req.session.step = "changed, then reloaded";
                req.session.reload((err) => res.send(req.session.step));
              });
            });
            app.get("/age", (req, res) => {
              const before = req.session.cookie.maxAge;
              req.session.resetMaxAge();
              res.send(before + " " + req.session.cookie.maxAge + " " + (req.session.touch() === req.session));
            });
            """, clock: clock)
        let r = try #require(await app.get("/"))
        #expect(r.body == "saved early")
        clock.advance(10)
        #expect(await app.get("/age", cookie: cookiePair(r.setCookies[0]))?.body == "50000 60000 true")
    }

    @Test func cookieParserSecretArrays() async throws {
        let app = try await makeApp("""
            const express = require("express");
            const cookieParser = require("cookie-parser");
            const app = express();
            app.use(cookieParser(["new", "old"]));
            app.get("/", (req, res) => res.json({ secret: req.secret, user: req.signedCookies.user }));
            """)
        // "tobi" signed with "old": it verifies, and req.secret is the first secret.
        let oldSig = try await app.evaluate("require('cookie-signature').sign('tobi', 'old')")
        let value = "s%3A" + oldSig.dropFirst().dropLast().replacingOccurrences(of: "+", with: "%2B").replacingOccurrences(of: "/", with: "%2F")
        #expect(await app.get("/", cookie: "user=\(value)")?.body == #"{"secret":"new","user":"tobi"}"#)
    }
}
