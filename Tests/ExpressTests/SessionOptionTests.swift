import Foundation
import Testing
@testable import Express

/// An app whose session options vary; `/set` modifies the session, `/read` only reads it.
func sessionApp(_ options: String) -> String {
    """
    const express = require("express");
    const session = require("express-session");
    const app = express();
    app.use(session({ secret: "keyboard cat", \(options) }));
    app.get("/set", (req, res) => { req.session.views = (req.session.views || 0) + 1; res.send("views " + req.session.views); });
    app.get("/read", (req, res) => res.send("read"));
    app.listen(3000);
    """
}

@Suite struct SessionOptionTests {
    @Test func saveUninitializedTrueStoresAndSetsAnUntouchedSession() async throws {
        let app = try await makeApp(sessionApp("resave: false, saveUninitialized: true"))
        let r = try #require(await app.get("/read"))
        #expect(r.setCookies == ["\(cookie1); Path=/; HttpOnly"])
        #expect(app.stores.sessions.map(\.json) == [#"{"cookie":{"originalMaxAge":null,"expires":null,"httpOnly":true,"path":"/"}}"#])
        #expect(app.decisions().suffix(2) == [
            "express-session: saved session AQEBAQEB… to the store: a new session and saveUninitialized is true",
            "express-session: Set-Cookie: connect.sid = \"s:\" + id + \".\" + signature (a new session and saveUninitialized is true); the signature is an HMAC-SHA256 of the id with the first secret: it proves the id came from this server (integrity, not secrecy: the id itself is readable)",
        ])
    }

    @Test func saveUninitializedFalseSkipsAnUntouchedSession() async throws {
        let app = try await makeApp(sessionApp("resave: false, saveUninitialized: false"))
        let r = try #require(await app.get("/read"))
        #expect(r.setCookies.isEmpty)
        #expect(app.stores.sessions.isEmpty)
        #expect(app.decisions().suffix(2) == [
            "express-session: not saved: the new session is unmodified and saveUninitialized is false",
            "express-session: no Set-Cookie: the new session is unmodified and saveUninitialized is false",
        ])
    }

    @Test func resaveTrueSavesAnUnmodifiedSession() async throws {
        let app = try await makeApp(sessionApp("resave: true, saveUninitialized: false"))
        _ = await app.get("/set")
        let mark = app.events.count
        let r = try #require(await app.get("/read", cookie: cookie1))
        #expect(r.setCookies.isEmpty)
        #expect(app.decisions(since: mark) == [
            "express-session: loaded session AQEBAQEB… from the store",
            "express-session: saved session AQEBAQEB… to the store: resave is true",
            "express-session: no Set-Cookie: the browser already has this session's cookie (it has no maxAge, so only rolling would send it again)",
        ])
    }

    @Test func theStoreHoldsExactlyWhatJSONStringifyGivesForTheSession() async throws {
        // MemoryStore stores a copy whose cookie is already plain data (JSON.stringify's fast
        // path); the text must not differ from stringifying the session itself.
        let app = try await makeApp("""
            const express = require("express");
            const session = require("express-session");
            const app = express();
            app.use(session({ secret: "keyboard cat", resave: false, saveUninitialized: false,
                              cookie: { maxAge: 60000, sameSite: "lax", domain: "localhost" } }));
            app.get("/", (req, res) => {
              req.session.when = new Date(0);
              req.session.list = [1, { gone: undefined, at: new Date(86400000) }];
              req.session.cookie.secure = false;
              req.session.save(() => res.send(JSON.stringify(req.session)));
            });
            app.listen(3000);
            """)
        let r = try #require(await app.get("/"))
        #expect(app.stores.sessions.map(\.json) == [r.body])
        #expect(r.body == #"{"cookie":{"originalMaxAge":60000,"expires":"2024-01-15T12:01:00.000Z","secure":false,"httpOnly":true,"domain":"localhost","path":"/","sameSite":"lax"},"when":"1970-01-01T00:00:00.000Z","list":[1,{"at":"1970-01-02T00:00:00.000Z"}]}"#)
    }

    @Test func resaveFalseOnlyTouches() async throws {
        let clock = TestClock()
        let app = try await makeApp(sessionApp("resave: false, saveUninitialized: false, cookie: { maxAge: 60000 }"), clock: clock)
        let first = try #require(await app.get("/set"))
        #expect(first.setCookies == ["\(cookie1); Path=/; Expires=Mon, 15 Jan 2024 12:01:00 GMT; HttpOnly"])
        clock.advance(30)
        let mark = app.events.count
        let r = try #require(await app.get("/read", cookie: cookie1))
        // No Set-Cookie, but the store's copy now expires 30 s later than the browser's cookie.
        #expect(r.setCookies.isEmpty)
        #expect(app.stores.sessions.first?.expires == fixedNow + 90)
        #expect(app.stores.sessions.first?.json == #"{"cookie":{"originalMaxAge":60000,"expires":"2024-01-15T12:01:30.000Z","httpOnly":true,"path":"/"},"views":1}"#)
        #expect(app.decisions(since: mark) == [
            "express-session: loaded session AQEBAQEB… from the store",
            "express-session: touched session AQEBAQEB…: unmodified, so only its expiry is refreshed in the store; the browser's cookie keeps its old Expires (only rolling would send a new one), so the store's copy now outlives the browser's",
            "express-session: no Set-Cookie: the session is unmodified and rolling is false",
        ])
    }

    @Test func rollingWithMaxAgeResendsTheCookieWithANewExpiry() async throws {
        let clock = TestClock()
        let app = try await makeApp(sessionApp("resave: false, saveUninitialized: false, rolling: true, cookie: { maxAge: 60000 }"), clock: clock)
        _ = await app.get("/set")
        clock.advance(30)
        let r = try #require(await app.get("/read", cookie: cookie1))
        #expect(r.setCookies == ["\(cookie1); Path=/; Expires=Mon, 15 Jan 2024 12:01:30 GMT; HttpOnly"])
    }

    @Test func rollingWithoutMaxAgeResendsASessionCookie() async throws {
        let app = try await makeApp(sessionApp("resave: false, saveUninitialized: false, rolling: true"))
        _ = await app.get("/set")
        let r = try #require(await app.get("/read", cookie: cookie1))
        #expect(r.setCookies == ["\(cookie1); Path=/; HttpOnly"])
    }

    @Test func maxAgeExpiryFollowsTheClock() async throws {
        let clock = TestClock()
        let app = try await makeApp(sessionApp("resave: false, saveUninitialized: false, cookie: { maxAge: 60000 }"), clock: clock)
        _ = await app.get("/set")
        clock.advance(61)
        #expect(app.stores.sessions.isEmpty)
        let r = try #require(await app.get("/set", cookie: cookie1))
        #expect(r.body == "views 1")
        #expect(r.setCookies == ["\(cookie2); Path=/; Expires=Mon, 15 Jan 2024 12:02:01 GMT; HttpOnly"])
    }

    @Test func aSecureCookieOverHTTPIsSavedButNotSent() async throws {
        let app = try await makeApp(sessionApp("resave: false, saveUninitialized: false, cookie: { secure: true }"))
        let r = try #require(await app.get("/set"))
        #expect(r.setCookies.isEmpty)
        #expect(app.stores.sessions.map(\.json) == [#"{"cookie":{"originalMaxAge":null,"expires":null,"secure":true,"httpOnly":true,"path":"/"},"views":1}"#])
        #expect(app.decisions().contains("express-session: no Set-Cookie: cookie.secure is true and the request came over http"))
    }

    @Test func aMissingSecretWarnsAndFailsEveryRequest() async throws {
        let app = try await makeApp("""
            const express = require("express");
            const session = require("express-session");
            const app = express();
            app.use(session({}));
            app.get("/", (req, res) => res.send("hi"));
            """)
        #expect(app.console() == [
            "Mon, 15 Jan 2024 12:00:00 GMT express-session deprecated undefined resave option; provide resave option at app.js:4:16",
            "Mon, 15 Jan 2024 12:00:00 GMT express-session deprecated undefined saveUninitialized option; provide saveUninitialized option at app.js:4:16",
            "Mon, 15 Jan 2024 12:00:00 GMT express-session deprecated req.secret; provide secret option at app.js:4:16",
        ])
        let mark = app.events.count
        let r = try #require(await app.get("/"))
        #expect(r.status == 500)
        #expect(r.body.contains("<pre>Error: secret option required for sessions</pre>"))
        #expect(app.console(since: mark) == ["Error: secret option required for sessions"])
    }

    @Test func regenerateIssuesANewIdAndSavesIt() async throws {
        let app = try await makeApp("""
            const express = require("express");
            const session = require("express-session");
            const app = express();
            app.use(session({ secret: "keyboard cat", resave: false, saveUninitialized: false }));
            app.get("/visit", (req, res) => { req.session.seen = true; res.send("seen"); });
            app.get("/login", (req, res) => {
              req.session.regenerate((err) => {
                if (err) return res.sendStatus(500);
                req.session.user = "alice";
                res.send("welcome");
              });
            });
            """)
        _ = await app.get("/visit")
        let r = try #require(await app.get("/login", cookie: cookie1))
        #expect(r.setCookies == ["\(cookie2); Path=/; HttpOnly"])
        #expect(app.stores.sessions.map(\.id) == [sessionID(2)])
        #expect(app.stores.sessions.first?.json == #"{"cookie":{"originalMaxAge":null,"expires":null,"httpOnly":true,"path":"/"},"user":"alice"}"#)
    }

    @Test func aTamperedSessionCookieStartsANewSession() async throws {
        let app = try await makeApp(sessionApp("resave: false, saveUninitialized: false"))
        _ = await app.get("/set")
        let mark = app.events.count
        let tampered = cookie1.replacingOccurrences(of: "2CD0M7", with: "2CD0M8")
        let r = try #require(await app.get("/set", cookie: tampered))
        #expect(r.body == "views 1")
        #expect(app.decisions(since: mark).prefix(2) == [
            "express-session: the connect.sid cookie's signature did not verify with the secret: treated as no cookie",
            "express-session: new session AgICAgIC… (not in the store until it is saved)",
        ])
    }
}
