import Foundation
import Testing
@testable import Tutor

/// Where a lesson's path starts its app afresh (the step's code differs from what ran before),
/// only the browser, the clock and the scale carry over while every store keeps its sessions in
/// memory: a start over from a later step resumes there instead of the lesson's start, and the
/// step starts in the same state either way.
@Suite(.scratch) struct RestartPointTests {
    /// Three steps, each with code of its own; the third counts in its JavaScript and keeps a
    /// persistent cookie, and a `wait` moves the clock on the way.
    static let memoryLesson = """
    ---
    title: Restarts
    ---

    ## One

    ```js
    const express = require("express");
    const session = require("express-session");
    const app = express();
    app.use(session({ resave: false, saveUninitialized: false, secret: "s" }));
    app.get("/", (req, res) => { req.session.n = (req.session.n || 0) + 1; res.cookie("one", "1", { maxAge: 3600000 }); res.send("one " + req.session.n); });
    app.listen(3000);
    ```

    ```crumbs
    get /
    wait 10m
    ```

    ```expect
    // one
    expect(last.body).toBe("one 1");
    ```

    ## Two

    ```js replace
    const express = require("express");
    const app = express();
    app.get("/", (req, res) => { res.cookie("two", "2"); res.send("two"); });
    app.listen(3000);
    ```

    ```crumbs
    get /
    as bob
    get /
    ```

    ```expect
    // two
    expect(last.body).toBe("two");
    ```

    ## Three

    ```js replace
    const express = require("express");
    const app = express();
    let count = 0;
    app.get("/", (req, res) => res.send("three " + (++count)));
    app.listen(3000);
    ```

    ```crumbs
    get /
    ```

    ```expect
    // three
    expect(last.body).toBe("three 1");
    ```
    """

    /// The same lesson with its second step's sessions in a SQLite file, which outlives the app.
    static var sqliteLesson: String {
        memoryLesson.replacingOccurrences(of: """
            const app = express();
            app.get("/", (req, res) => { res.cookie("two", "2"); res.send("two"); });
            """, with: """
            const session = require("express-session");
            const SQLiteStore = require("connect-sqlite3")(session);
            const app = express();
            app.use(session({ store: new SQLiteStore(), resave: false, saveUninitialized: false, secret: "s" }));
            app.get("/", (req, res) => { req.session.two = true; res.cookie("two", "2"); res.send("two"); });
            """)
    }

    static func tutor(_ lesson: String) throws -> Tutor {
        let dir = temporaryDirectory()
        try lesson.write(to: dir.appendingPathComponent("01-restarts.md"), atomically: true, encoding: .utf8)
        return makeTutor(state: dir, lessons: dir, saveProgress: false)
    }

    /// Step `step` (1-based) started over on a tutor that has passed no restart point.
    static func fromTheStart(_ lesson: String, step: Int) async throws -> Tutor.StateSummary {
        let t = try tutor(lesson)
        _ = await t.start()
        _ = await t.run("open 1")
        _ = await t.run("jar clear")
        _ = await t.run("step \(step)")
        #expect(await t.cursor.rebuiltFrom == 0)
        return await t.stateSummary()
    }

    /// Walks the lesson's path to its last step.
    static func walk(_ t: Tutor) async throws {
        _ = await t.start()
        _ = await t.run("open 1")
        let lesson = try #require(await t.currentLesson)
        for step in lesson.steps.dropLast() {
            for command in step.tries { _ = await t.run(command) }
            _ = await t.run("next")
        }
    }

    @Test func aStartOverResumesFromTheLatestRestartPoint() async throws {
        let t = try Self.tutor(Self.memoryLesson)
        try await Self.walk(t)
        #expect(await t.restartPoints.keys.map(\.step).sorted() == [0, 1, 2])
        for step in [2, 3] {
            _ = await t.run("jar clear")
            _ = await t.run("step \(step)")
            #expect(await t.cursor.rebuiltFrom == step - 1)
            #expect(await t.stateSummary() == (try await Self.fromTheStart(Self.memoryLesson, step: step)), "step \(step)")
        }
        // The third step's app counts from its own start.
        #expect(await t.run("get /").contains("\"three 1\""))
        // Its browser is as the path left it: bob's profile, the clock ten minutes on.
        #expect(await t.stateSummary().profile == "bob")
        #expect(await t.stateSummary().skew == 600)
        await t.shutdown()
    }

    /// After an app that kept sessions in a SQLite file, a step's start is no restart point: the
    /// file carries over. Before it, one is.
    @Test func dataOutsideTheAppEndsTheRestartPoints() async throws {
        let t = try Self.tutor(Self.sqliteLesson)
        try await Self.walk(t)
        #expect(await t.restartPoints.keys.map(\.step).sorted() == [0, 1])
        _ = await t.run("jar clear")
        _ = await t.run("step 3")
        #expect(await t.cursor.rebuiltFrom == 1)
        #expect(await t.stateSummary() == (try await Self.fromTheStart(Self.sqliteLesson, step: 3)))
        await t.shutdown()
    }

    /// Under a clock that runs, no restart point is kept: the path depends on when it runs.
    @Test func aClockThatRunsKeepsNone() async throws {
        let dir = temporaryDirectory()
        try Self.memoryLesson.write(to: dir.appendingPathComponent("01-restarts.md"), atomically: true, encoding: .utf8)
        let t = Tutor(config: TutorConfig(lessonsDirectory: dir, stateDirectory: dir, deterministic: false, timeout: 2, port: 0, saveProgress: false))
        Scratch.current?.keep(t)
        try await Self.walk(t)
        #expect(await t.restartPoints.isEmpty)
        await t.shutdown()
    }
}
