import Foundation
import Testing
@testable import Tutor

/// The browser, the server's Date and the server's timers keep one time: `wait` moves it for
/// all three.
@Suite(.scratch) struct OneClockTests {
    @Test func aTimerInARouteFiresAfterWaitAndNotBefore() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let app = dir.appendingPathComponent("timer.js")
        try """
            const express = require("express");
            const app = express();
            let state = "waiting";
            app.get("/start", (req, res) => {
              setTimeout(() => { state = "fired"; console.log("the timer fired at " + new Date().toISOString()); }, 60000);
              res.send("timer set");
            });
            app.get("/state", (req, res) => res.send(state));
            app.listen(3000);
            """.write(to: app, atomically: true, encoding: .utf8)
        let t = makeTutor(state: dir)
        _ = await t.start()
        _ = await t.run("load \(app.path)")
        _ = await t.run("get /start")
        let early = await t.run("wait 59s")
        #expect(!early.contains("timers that fell due"))
        #expect(await t.run("get /state").contains("\"waiting\""))
        let due = await t.run("wait 1s")
        #expect(due.contains("  the server's timers that fell due fired: 1\n  console: the timer fired at 2024-01-15T12:01:00.000Z"))
        #expect(await t.run("get /state").contains("\"fired\""))
        await t.shutdown()
    }

    /// Time also passes by itself: a route that answers from a short timer answers, as under
    /// Node, without anyone typing `wait`.
    @Test func aShortTimerFiresAsRealTimePasses() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let app = dir.appendingPathComponent("late.js")
        try """
            const app = require("express")();
            app.get("/late", (req, res) => setTimeout(() => res.send("late but here"), 100));
            app.listen(3000);
            """.write(to: app, atomically: true, encoding: .utf8)
        let t = makeTutor(state: dir, timeout: 5)
        _ = await t.start()
        _ = await t.run("load \(app.path)")
        #expect(await t.run("get /late").contains("← 200 OK · text/html · \"late but here\""))
        await t.shutdown()
    }

    @Test func anAbsurdWaitIsRefusedNotACrash() async {
        let t = makeTutor(saveProgress: false)
        _ = await t.start()
        #expect(await t.run("wait 200000000000000d") == "wait at most 100 years (\"200000000000000d\" is longer): no cookie or session outlives that")
        #expect(await t.run("wait inf").hasPrefix("usage: wait DURATION"))
        #expect(await t.run("wait 2d").hasPrefix("time moves on 2 days"))
        await t.shutdown()
    }
}
