import Foundation
import Testing
@testable import Express

let faultyApp = """
const express = require("express");
const app = express();
app.get("/boom", (req, res) => { throw new Error("boom"); });
app.get("/loop", (req, res) => { while (true) {} });
app.get("/fs", (req, res) => { require("fs"); });
app.get("/render", (req, res) => { res.render("index"); });
app.get("/ok", (req, res) => res.send("still here"));
app.listen(3000);
"""

@Suite struct FaultTests {
    @Test func aThrowingHandlerBecomesA500WithItsStackLogged() async throws {
        let app = try await makeApp(faultyApp)
        let r = try #require(await app.get("/boom"))
        #expect(r.status == 500)
        #expect(r.body == "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Error: boom<br> &nbsp; &nbsp;at app.js:3:49</pre>\n</body>\n</html>\n")
        #expect(app.console() == ["Error: boom\n    at app.js:3:49"])
        #expect(await app.get("/ok")?.body == "still here")
    }

    @Test func anEndlessLoopIsStopped() async throws {
        let app = try await makeApp(faultyApp, timeLimit: 0.3)
        let r = try #require(await app.get("/loop"))
        #expect(r.status == 500)
        #expect(app.console() == ["stopped after 0.3 s: the code never finished (an endless loop?). The request was stopped and answered 500."])
        #expect(await app.get("/ok")?.body == "still here")
    }

    @Test func unknownModulesAndMethodsSayWhatExists() async throws {
        let app = try await makeApp(faultyApp)
        _ = await app.get("/fs")
        _ = await app.get("/render")
        #expect(app.console() == [
            "Error: Cannot find module 'fs': crumbs provides body-parser, connect-sqlite3, cookie, cookie-parser, cookie-signature, express, express-session, util\n    at app.js:5:39",
            "TypeError: res.render() is not available in crumbs: lessons answer with res.send(), res.json() or res.redirect()\n    at app.js:6:46",
        ])
        await #expect(throws: ExpressError.self) { try await app.evaluate("app.engine('pug')") }
        do {
            _ = try await app.evaluate("app.render('index')")
            Issue.record("app.render should not exist")
        } catch {
            #expect(error.description.hasPrefix("<prompt>:1:11: TypeError: app.render() is not available in crumbs (app offers use, get, post"))
        }
    }

    @Test func aRuntimeErrorWhileLoadingNamesTheLine() async throws {
        let runtime = ExpressRuntime(source: "const express = require('express');\nconst app = express();\napp.get('/', undefinedHandler);", now: { fixedNow })
        do {
            try await runtime.load()
            Issue.record("expected a ReferenceError")
        } catch {
            #expect(error.description == "app.js:3:30: ReferenceError: undefinedHandler is not defined")
        }
    }
}
