import Cookies
import Foundation
import Testing
@testable import Express

let cookieApp = """
const express = require("express");
const cookieParser = require("cookie-parser");
const app = express();
app.use(cookieParser("foo bar baz"));
app.get("/set", (req, res) => {
  res.cookie("name", "tobi", { signed: true });
  res.cookie("user", { name: "tobi" }, { signed: true });
  res.cookie("rememberme", "1", { maxAge: 900000, httpOnly: true });
  res.cookie("a", "b", { maxAge: 1000, domain: "example.com", path: "/p", httpOnly: true, secure: true, partitioned: true, priority: "high", sameSite: "strict" });
  res.cookie("cart", { items: [1, 2] });
  res.cookie("name2", "a b;c=d/é");
  res.send("ok");
});
app.get("/read", (req, res) => {
  console.log(req.cookies);
  console.log(req.signedCookies);
  res.json({ cookies: req.cookies, signed: req.signedCookies });
});
app.get("/clear", (req, res) => {
  res.clearCookie("myCookie");
  res.clearCookie("x", { maxAge: 10000 });
  res.clearCookie("y", { httpOnly: true, secure: true, sameSite: "lax" });
  res.end();
});
app.get("/go", (req, res) => { res.cookie("flash", "hi"); res.redirect("/home"); });
app.listen(3000);
"""

@Suite struct CookieParserTests {
    @Test func resCookieSerialisesLikeExpress() async throws {
        let app = try await makeApp(cookieApp)
        let r = try #require(await app.get("/set"))
        #expect(r.setCookies == [
            "name=s%3Atobi.xJjV2iZ6EI7C8E5kzwbfA9PVLl1ZR07UTnuTgQQ4EnQ; Path=/",
            "user=s%3Aj%3A%7B%22name%22%3A%22tobi%22%7D.K20xcwmDS%2BPb1rsD95o5Jm5SqWs1KteqdnynnB7jkTE; Path=/",
            "rememberme=1; Max-Age=900; Path=/; Expires=Mon, 15 Jan 2024 12:15:00 GMT; HttpOnly",
            "a=b; Max-Age=1; Domain=example.com; Path=/p; Expires=Mon, 15 Jan 2024 12:00:01 GMT; HttpOnly; Secure; Partitioned; Priority=High; SameSite=Strict",
            "cart=j%3A%7B%22items%22%3A%5B1%2C2%5D%7D; Path=/",
            "name2=a%20b%3Bc%3Dd%2F%C3%A9; Path=/",
        ])
    }

    @Test func signedGoodAndTamperedAndJSONCookies() async throws {
        let app = try await makeApp(cookieApp)
        let mark = app.events.count
        let r = try #require(await app.get("/read", cookie:
            "name=s%3Atobi.xJjV2iZ6EI7C8E5kzwbfA9PVLl1ZR07UTnuTgQQ4EnQ; bad=s%3Atobi.xxxx; plain=1; j=j%3A%7B%22a%22%3A1%7D; f=j%3Afalse"))
        #expect(r.body == #"{"cookies":{"plain":"1","j":{"a":1},"f":"j:false"},"signed":{"name":"tobi","bad":false}}"#)
        #expect(app.console(since: mark) == [
            "{ plain: '1', j: { a: 1 }, f: 'j:false' }",
            "[Object: null prototype] { name: 'tobi', bad: false }",
        ])
        #expect(app.decisions(since: mark) == [
            "cookie-parser: signed cookie name verified: moved to req.signedCookies",
            "cookie-parser: signed cookie bad did not verify: req.signedCookies.bad is false",
            "cookie-parser: read from the Cookie header: req.cookies has plain, j, f",
        ])
    }

    @Test func withoutACookieHeaderBothAreEmptyNullPrototypeObjects() async throws {
        let app = try await makeApp(cookieApp)
        let mark = app.events.count
        _ = await app.get("/read")
        #expect(app.console(since: mark) == ["[Object: null prototype] {}", "[Object: null prototype] {}"])
    }

    @Test func clearCookieWithAndWithoutOptions() async throws {
        let app = try await makeApp(cookieApp)
        let r = try #require(await app.get("/clear"))
        #expect(r.setCookies == [
            "myCookie=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT",
            "x=; Max-Age=10; Path=/; Expires=Mon, 15 Jan 2024 12:00:10 GMT",
            "y=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; SameSite=Lax",
        ])
        #expect(app.console() == [
            "Mon, 15 Jan 2024 12:00:00 GMT express deprecated res.clearCookie: Passing \"options.maxAge\" is deprecated. In v5.0.0 of Express, this option will be ignored, as res.clearCookie will automatically set cookies to expire immediately. Please update your code to omit this option. at app.js:21:7",
        ])
    }

    @Test func aRedirectCanSetACookie() async throws {
        let app = try await makeApp(cookieApp)
        let r = try #require(await app.get("/go"))
        #expect(r.status == 302)
        #expect(r.headers == [
            HeaderField("X-Powered-By", "Express"), HeaderField("Set-Cookie", "flash=hi; Path=/"), HeaderField("Location", "/home"),
            HeaderField("Vary", "Accept"), HeaderField("Content-Type", "text/plain; charset=utf-8"), HeaderField("Content-Length", "27"),
        ])
        #expect(r.body == "Found. Redirecting to /home")
    }

    @Test func cookieSignatureTestVector() async throws {
        let app = try await makeApp(cookieApp)
        #expect(try await app.evaluate("require('cookie-signature').sign('hello', 'tobiiscool')")
            == "'hello.DGDUkGlIkCzPz+C0B064FNgHdEjox7ch8tOBGslZ5QI'")
        #expect(try await app.evaluate("require('cookie-signature').unsign('hello.DGDUkGlIkCzPz+C0B064FNgHdEjox7ch8tOBGslZ5QI', 'tobiiscool')")
            == "'hello'")
        #expect(try await app.evaluate("require('cookie-signature').unsign('hello.DGDUkGlIkCzPz+C0B064FNgHdEjox7ch8tOBGslZ5QX', 'tobiiscool')")
            == "false")
    }
}
