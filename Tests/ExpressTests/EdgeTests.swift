import Cookies
import Foundation
import Testing
@testable import Express

/// Behaviour at the edges of the npm modules crumbs reimplements, each from the module's
/// documented behaviour.
@Suite struct EdgeTests {
    /// cookie 0.7 `parse`: the first of two cookies with one name wins, and a value in double
    /// quotes loses its quotes.
    @Test func cookieParseKeepsTheFirstAndUnquotes() async throws {
        let app = try await makeApp(cookieApp)
        #expect(try await app.evaluate(#"require('cookie').parse('a=1; q="x y"; a=2')"#) == "{ a: '1', q: 'x y' }")
    }

    /// cookie `serialize` takes a value of cookie-octets, bare or in one pair of double quotes
    /// (cookie 0.7's /^("?)[…]*\1$/), and refuses anything else with its TypeError.
    @Test(arguments: [
        ("abc", "a=abc"), ("", "a="), (#""""#, #"a="""#), (#""s%3Aid.sig""#, #"a="s%3Aid.sig""#),
        ("x!#$%&'()*+-./:<=>?@[]^_`{|}~", "a=x!#$%&'()*+-./:<=>?@[]^_`{|}~"),
        (#"""#, "TypeError: argument val is invalid"), (#""abc"#, "TypeError: argument val is invalid"),
        (#"abc""#, "TypeError: argument val is invalid"), (#"a"b"#, "TypeError: argument val is invalid"),
        (#"""""#, "TypeError: argument val is invalid"), ("a b", "TypeError: argument val is invalid"),
        ("a;b", "TypeError: argument val is invalid"), ("a,b", "TypeError: argument val is invalid"),
        (#"a\b"#, "TypeError: argument val is invalid"), ("é", "TypeError: argument val is invalid"),
    ])
    func cookieSerializeChecksTheValue(value: String, expected: String) async throws {
        let app = try await makeApp(cookieApp)
        let literal = try #require(String(data: JSONEncoder().encode(value), encoding: .utf8))
        let result = try await app.evaluate("""
            try { require('cookie').serialize('a', \(literal), { encode: (v) => v }) } catch (e) { e.name + ': ' + e.message }
            """)
        // util.inspect quotes a string in single quotes, or in double quotes when it holds one.
        #expect(result == (expected.contains("'") ? #""\#(expected)""# : "'\(expected)'"))
    }

    /// cookie `serialize` keeps its last encoded value and its last Expires text (a session
    /// cookie sends the same id, and an Expires in the same second, response after response):
    /// what it makes is what it would make afresh, with another encoder (an app's own global
    /// `encodeURIComponent` too), a value that is no longer valid, another second, or a Date that
    /// formats itself.
    @Test func cookieSerializeMadeAgainIsMadeAlike() async throws {
        let app = try await makeApp(cookieApp)
        let result = try await app.evaluate("""
            const { serialize } = require('cookie');
            class Stamp extends Date { toUTCString() { return 'stamped'; } }
            const attempt = (f) => { try { return f(); } catch (e) { return e.name + ': ' + e.message; } };
            [serialize('a', 's:x'), serialize('a', 's:x'), serialize('a', 's:x', { encode: (v) => v }),
             attempt(() => serialize('a', 's:x', { encode: (v) => v + ' ' })),
             serialize('a', 'v', { expires: new Date(1000) }), serialize('a', 'v', { expires: new Date(1999) }),
             serialize('a', 'v', { expires: new Date(2000) }), serialize('a', 'v', { expires: new Stamp(2000) }),
             serialize('a', 'v', { expires: new Date(-1) }),
             (() => { const std = encodeURIComponent; let calls = 0; globalThis.encodeURIComponent = (v) => (calls++, 'e');
                      try { serialize('a', 's:x'); serialize('a', 's:x'); } finally { globalThis.encodeURIComponent = std; }
                      return 'calls ' + calls; })()].join(' | ')
            """)
        #expect(result == "'" + [
            "a=s%3Ax", "a=s%3Ax", "a=s:x", "TypeError: argument val is invalid",
            "a=v; Expires=Thu, 01 Jan 1970 00:00:01 GMT", "a=v; Expires=Thu, 01 Jan 1970 00:00:01 GMT",
            "a=v; Expires=Thu, 01 Jan 1970 00:00:02 GMT", "a=v; Expires=stamped", "a=v; Expires=Wed, 31 Dec 1969 23:59:59 GMT", "calls 2",
        ].joined(separator: " | ") + "'")
    }

    /// cookie-signature `unsign`: the signature follows the last dot, so a value may hold dots.
    @Test func aSignedValueMayHoldDots() async throws {
        let app = try await makeApp(cookieApp)
        #expect(try await app.evaluate("const s = require('cookie-signature'); s.unsign(s.sign('v1.2.3', 'k'), 'k')") == "'v1.2.3'")
    }

    /// express-session: a request whose path is outside `cookie.path` gets no session at all.
    @Test func aPathOutsideTheSessionCookiesPathHasNoSession() async throws {
        let app = try await makeApp("""
            const express = require("express");
            const session = require("express-session");
            const app = express();
            app.use(session({ secret: "s", resave: false, saveUninitialized: true, cookie: { path: "/admin" } }));
            app.get("*", (req, res) => res.send(req.session ? "session" : "none"));
            """)
        let outside = try #require(await app.get("/public"))
        #expect(outside.body == "none")
        #expect(outside.setCookies == [])
        let inside = try #require(await app.get("/admin/users"))
        #expect(inside.body == "session")
        #expect(inside.setCookies.count == 1)
    }

    /// Node's `clearTimeout` cancels the timer: its callback never runs.
    @Test func clearTimeoutCancels() async throws {
        let app = try await makeApp("""
            const express = require("express");
            const app = express();
            app.get("/", (req, res) => {
              const t = setTimeout(() => console.log("cleared timer fired"), 5);
              clearTimeout(t);
              setTimeout(() => res.send("done"), 50);
            });
            """)
        #expect(await app.get("/")?.body == "done")
        #expect(app.console() == [])
    }

    /// MemoryStore: a session expires at the instant of its `cookie.expires`.
    @Test func aSessionIsGoneAtTheInstantItExpires() {
        let start = Date(timeIntervalSince1970: 1_705_320_000)
        let clock = TestClock(start)
        let store = SessionStore(now: { clock.now })
        store.set("a", json: "{}", expires: start.addingTimeInterval(60))
        clock.advance(59.999)
        #expect(store.get("a") == "{}")
        clock.advance(0.001)
        #expect(store.get("a") == nil)
    }

    /// Express `req.hostname`: the Host header without its port.
    @Test func theHostnameHasNoPort() async throws {
        let app = try await makeApp("""
            const app = require("express")();
            app.get("/", (req, res) => res.send(req.hostname));
            """)
        #expect(await app.get("/")?.body == "localhost")
        let v6 = await app.handle(IncomingRequest(method: "GET", target: "/", headers: [HeaderField("Host", "[::1]:3000")])).response
        #expect(v6?.body == "[::1]")
    }
}
