import Cookies
import Foundation
import Testing
@testable import Express
@testable import JavaScript

let id1 = "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB"
let cookie1 = "connect.sid=s%3AAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEB.2CD0M7xG1rqapGjakbfwfg6etITLntK4NSWVOOLUNws"
let cookie2 = "connect.sid=s%3AAgICAgICAgICAgICAgICAgICAgICAgIC.5uiz%2BI4aaiucIzIlxmlN%2BNS2sCohYrrIFXAfM0fPUy0"

/// The article's session code, as it is written there (its /newpage never answers).
let articleSession = """
const express = require("express");
const session = require("express-session");
const app = express();

app.use(session({
  resave: false,
  saveUninitialized: false,
  secret: "keyboard cat",
}));

app.get("/", (req, res) => {
  req.session.mySession = "this is my session";
  res.send("session is set");
});

app.get("/newpage", (req, res) => {
  console.log(req.session);
});

app.get("/logout", (req, res) => {
  req.session.destroy((err) => {
    if (err) throw err;
    res.send("logged out");
  });
});

app.listen(3000, () => console.log("Server running on port 3000"));
"""

@Suite struct ArticleSessionTests {
    @Test func settingASessionSendsASignedIdCookie() async throws {
        let app = try await makeApp(articleSession)
        await app.didListen(port: 3000)
        let r = try #require(await app.get("/"))
        #expect(r.status == 200)
        #expect(r.body == "session is set")
        #expect(r.headers == [
            HeaderField("X-Powered-By", "Express"),
            HeaderField("Content-Type", "text/html; charset=utf-8"),
            HeaderField("Content-Length", "14"),
            HeaderField("ETag", "W/\"e-Q0HIc+Ldg7+/UOBuP6hGjfy4d6E\""),
            HeaderField("Set-Cookie", "\(cookie1); Path=/; HttpOnly"),
        ])
        #expect(app.stores.sessions.map(\.json) == [#"{"cookie":{"originalMaxAge":null,"expires":null,"httpOnly":true,"path":"/"},"mySession":"this is my session"}"#])
        #expect(app.stores.sessions.map(\.id) == [id1])
        #expect(app.console() == ["Server running on port 3000"])
        #expect(app.decisions() == [
            "express: app.use(session)",
            "express-session: the request has no connect.sid cookie",
            "express-session: new session AQEBAQEB… (not in the store until it is saved)",
            "express-session: saved session AQEBAQEB… to the store: a new session that was modified",
            "express-session: Set-Cookie: connect.sid = \"s:\" + id + \".\" + signature (a new session that was modified); the signature is an HMAC-SHA256 of the id with the first secret: it proves the id came from this server (integrity, not secrecy: the id itself is readable)",
        ])
    }

    @Test func newpageLogsTheSessionAndNeverAnswers() async throws {
        let app = try await makeApp(articleSession)
        _ = await app.get("/")
        let mark = app.events.count
        let pending = Task { await app.get("/newpage", cookie: cookie1) }
        try await Task.sleep(for: .milliseconds(300))
        #expect(await app.waitingRequests == 1)
        #expect(app.console(since: mark) == ["""
            Session {
              cookie: { path: '/', _expires: null, originalMaxAge: null, httpOnly: true },
              mySession: 'this is my session'
            }
            """])
        await app.stop()
        #expect(await pending.value == nil)
        #expect(await app.waitingRequests == 0)
    }

    @Test func destroyRemovesTheSessionButNotTheCookie() async throws {
        let app = try await makeApp(articleSession)
        _ = await app.get("/")
        let mark = app.events.count
        let out = try #require(await app.get("/logout", cookie: cookie1))
        #expect(out.body == "logged out")
        #expect(out.setCookies.isEmpty)
        #expect(app.stores.sessions.isEmpty)
        #expect(app.decisions(since: mark).contains("express-session: req.session.destroy(): session AQEBAQEB… removed from the store; the browser's cookie is not cleared"))
        // The browser still sends the old cookie; the next saved session gets a new id.
        let mark2 = app.events.count
        let again = try #require(await app.get("/", cookie: cookie1))
        #expect(again.setCookies == ["\(cookie2); Path=/; HttpOnly"])
        #expect(app.decisions(since: mark2).contains(
            "express-session: session AQEBAQEB… is not in the store (it expired, was destroyed, or the server restarted): new session AgICAgIC…"))
    }

    @Test func theArticlesErrAndThrowIsASyntaxError() async throws {
        let code = articleSession.replacingOccurrences(of: "if (err) throw err;", with: "err && throw err;")
        let runtime = ExpressRuntime(source: code, file: "app.js", now: { fixedNow })
        await #expect(throws: ExpressError.code(.syntax(message: "Unexpected token 'throw'", location: JSLocation(file: "app.js", line: 22, column: 12)))) {
            try await runtime.load()
        }
        #expect(throws: ExpressError.code(.syntax(message: "Unexpected token 'throw'", location: JSLocation(file: "app.js", line: 22, column: 12)))) {
            try ExpressRuntime.checkSyntax(code)
        }
    }
}
