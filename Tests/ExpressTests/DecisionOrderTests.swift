import Foundation
import Testing
@testable import Express

/// The event log keeps the order things happened in: the modules' decisions, the app's console
/// lines and the errors the host reports, as the tutor's why and `crumbs serve` print them.
@Suite struct DecisionOrderTests {
    static let app = """
    const express = require("express");
    const session = require("express-session");
    const app = express();
    app.use(session({ resave: false, saveUninitialized: false, secret: "s" }));
    app.get("/", (req, res) => {
      console.log("route begins");
      req.session.n = 1;
      res.send("ok");
      console.log("route sent");
    });
    app.get("/many", (req, res) => {
      console.log("before");
      for (let i = 0; i < 1200; i++) res.cookie("c" + i, "v");
      console.log("after");
      res.send("many");
    });
    app.get("/boom", (req, res) => { req.session.n = 2; throw new Error("boom"); });
    app.listen(3000);
    """

    static func lines(_ app: ExpressRuntime, since start: Int) -> [String] {
        app.events.since(start).map { $0.isConsole ? "console: " + $0.text : $0.line }
    }

    @Test func decisionsAndConsoleLinesKeepTheirOrder() async throws {
        let app = try await makeApp(Self.app)
        let start = app.events.count
        _ = await app.get("/")
        #expect(Self.lines(app, since: start) == [
            "express-session: the request has no connect.sid cookie",
            "express-session: new session AQEBAQEB… (not in the store until it is saved)",
            "console: route begins",
            "express-session: saved session AQEBAQEB… to the store: a new session that was modified",
            "express-session: Set-Cookie: connect.sid = \"s:\" + id + \".\" + signature (a new session that was modified); the signature is an HMAC-SHA256 of the id with the first secret: it proves the id came from this server (integrity, not secrecy: the id itself is readable)",
            "console: route sent",
        ])
    }

    /// Many decisions in one call into the app, between two console lines, stay in order.
    @Test func manyDecisionsInOneCallStayInOrder() async throws {
        let app = try await makeApp(Self.app)
        let start = app.events.count
        _ = await app.get("/many")
        let lines = Self.lines(app, since: start)
        let before = try #require(lines.firstIndex(of: "console: before"))
        let after = try #require(lines.firstIndex(of: "console: after"))
        #expect(lines[before..<after].filter { $0.hasPrefix("express: res.cookie('c") }.count == 1200)
        #expect(lines[before + 1] == "express: res.cookie('c0'): Set-Cookie: c0=v; Path=/")
        #expect(lines[after - 1] == "express: res.cookie('c1199'): Set-Cookie: c1199=v; Path=/")
    }

    /// An uncaught error is logged after the decisions made before it.
    @Test func decisionsComeBeforeTheErrorThatFollows() async throws {
        let app = try await makeApp(Self.app)
        let start = app.events.count
        _ = await app.get("/boom")
        let lines = Self.lines(app, since: start)
        let error = try #require(lines.firstIndex { $0.hasPrefix("console: Error: boom") })
        #expect(lines[..<error].contains { $0.hasPrefix("express-session: new session") })
    }
}
