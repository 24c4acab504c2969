import Foundation
import Testing
@testable import Tutor

/// Commands and their arguments: the browser's (and what the jar table shows), moving through steps.
@Suite(.serialized, .scratch) struct BrowserCommandTests {
    func tutorWithApp() async throws -> Tutor {
        let app = temporaryDirectory().appendingPathComponent("app.js")
        try """
        const express = require("express");
        const app = express();
        app.get("/set", (req, res) => {
          res.cookie("wide", "1", { domain: "shop.localhost" });
          res.cookie("narrow", "2");
          res.send("ok");
        });
        app.get("*", (req, res) => res.send(req.get("Cookie") || "no cookie"));
        app.listen(3000);
        """.write(to: app, atomically: true, encoding: .utf8)
        let t = makeTutor()
        _ = await t.start()
        _ = await t.run("load \(app.path)")
        return t
    }

    /// As in DevTools, a Domain cookie's domain starts with a dot; a host-only cookie's does not.
    @Test func theJarMarksDomainCookiesWithADot() async throws {
        let t = try await tutorWithApp()
        _ = await t.run("get http://shop.localhost/set")
        let jar = await t.run("jar").split(separator: "\n").map(String.init)
        #expect(jar.contains { $0.hasPrefix("narrow  2      shop.localhost   /") })
        #expect(jar.contains { $0.hasPrefix("wide    1      .shop.localhost  /") })
    }

    @Test func setTakesADomainAndAPath() async throws {
        let t = try await tutorWithApp()
        #expect(await t.run("set a=1 --path /admin") == "browser: added a by hand; the server will see \"a=1\" on the next request")
        #expect(await t.run("get /").contains("← 200 OK · text/html · \"no cookie\""))
        #expect(await t.run("get /admin/users").contains("← 200 OK · text/html · \"a=1\""))
    }

    /// The text after `document.cookie =` is a JavaScript string: either quotes go.
    @Test(arguments: [#"document.cookie = "x=1""#, "document.cookie = 'x=1'"])
    func documentCookieTakesEitherQuotes(line: String) async throws {
        let t = try await tutorWithApp()
        #expect(await t.run(line) == "browser: stored: x for localhost only, default path / (no Path attribute: the directory of /), kept until the browser closes (a session cookie)")
    }

    /// `next`, `back` and `step N` reach every step, the first and the last included.
    @Test func movingThroughALessonsSteps() async throws {
        let t = makeTutor()
        _ = await t.start()
        _ = await t.run("open 3")
        #expect(await t.run("back") == "this is the first step.")
        _ = await t.run("next")
        #expect(await t.prompt() == "crumbs 3.2> ")
        #expect(await t.run("back").contains("Lesson 3 · step 1 of 3: Put something in the session"))
        #expect(await t.run("step 3").contains("Lesson 3 · step 3 of 3: The fix: always answer"))
        #expect(await t.run("step 4") == "usage: step N, with N from 1 to 3")
        #expect(await t.run("step 0") == "usage: step N, with N from 1 to 3")
    }
}
