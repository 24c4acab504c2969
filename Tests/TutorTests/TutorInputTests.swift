import Foundation
import Subprocess
import Testing
@testable import Tutor

/// What learners type and the files they hand over: long or broken JavaScript, scripts that
/// are not UTF-8, progress files that are not JSON.
@Suite(.scratch) struct TutorInputTests {
    @Test func anEntryIsCompleteWhenItsBracketsBalance() {
        var entry = JavaScriptEntry()
        do { let done = entry.append("app.get('/', (req, res) => {"); #expect(!done) }
        do { let done = entry.append("  res.send(`a template"); #expect(!done) }
        do { let done = entry.append("  spanning lines ) } ]`);  /* and a comment"); #expect(!done) }
        do { let done = entry.append("  that spans ( too */"); #expect(!done) }
        do { let done = entry.append("});  // done ("); #expect(done) }
        #expect(entry.source.hasSuffix("});  // done ("))
    }

    @Test func aLongEntryIsScannedLineByLine() {
        var entry = JavaScriptEntry()
        do { let done = entry.append("const big = ["); #expect(!done) }
        for i in 0..<20_000 { let done = entry.append("  \(i), \"x)\", 'y]',"); if done { Issue.record("complete at line \(i)") } }
        do { let done = entry.append("];"); #expect(done) }
        #expect(entry.lines.count == 20_002)
    }

    /// Quotes cannot span lines in JavaScript: an unclosed one ends the entry (the engine says
    /// what is wrong) instead of swallowing every line after it.
    @Test func anUnclosedStringEndsTheEntry() async {
        let t = makeTutor(saveProgress: false)
        _ = await t.start()
        _ = await t.run("open 1")
        let out = await t.execute("const s = 'not closed;")
        #expect(out.needsMore == false)
        #expect(out.lines.joined().contains("SyntaxError"))
        #expect(await t.run("help").contains("requests"))
        await t.shutdown()
    }

    /// A route added at the prompt whose loop of awaits runs in promise jobs: the request is
    /// stopped within the time limit and answered 500, and the app and the tutor go on.
    @Test func anAwaitLoopAddedAtThePromptIsStopped() async {
        // The browser waits longer than the app's 2 s limit.
        let t = makeTutor(timeout: 8, saveProgress: false)
        _ = await t.start()
        _ = await t.run("open 1")
        _ = await t.run("app.get('/spin', async (req, res) => { while (true) await null; });")
        let out = await t.run("get /spin")
        #expect(out.contains("500 Internal Server Error"), "\(out)")
        #expect(out.contains("stopped after 2 s: the code never finished (an endless loop?)"), "\(out)")
        #expect(await t.run("get /").contains("200 OK"))
        await t.shutdown()
    }

    /// The tutor lists lessons without compiling their JavaScript (the first prompt makes no
    /// virtual machine); a mistake in it is told, with its place and a caret, when the lesson
    /// opens, and the lesson runs as far as it can.
    @Test func aLessonsJavaScriptMistakeIsToldWhenItOpens() async throws {
        let folder = temporaryDirectory()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try """
            ---
            title: Broken
            ---
            ## One

            ```js
            const express = require("express");
            const app = express();
            app.get("/", (req, res) => res.send("hi"));
            app.listen(3000);
            ```

            ```expect
            // The page answered
            expect(last.status).toBe(200));
            ```
            """.write(to: folder.appendingPathComponent("01-broken.md"), atomically: true, encoding: .utf8)
        let t = makeTutor(lessons: folder, saveProgress: false)
        let start = await t.start().joined(separator: "\n")
        #expect(!start.contains("lesson error"))
        #expect(start.contains("Broken"))
        let opened = await t.run("open 1")
        // (JavaScriptCore names the token, not its column: the caret goes to its first ")".)
        #expect(opened.hasPrefix("""
            lesson error: lessons/01-broken.md:15:19: in a goal: SyntaxError: Unexpected token ')'
            expect(last.status).toBe(200));
                              ^
            Lesson 1: Broken
            """), "\(opened)")
        #expect(await t.run("get /").contains("← 200 OK"))
        // Told once.
        #expect(!(await t.run("open 1")).contains("lesson error"))
        await t.shutdown()
    }

    @Test func breakAbandonsAnUnfinishedEntry() async {
        let t = makeTutor(saveProgress: false)
        _ = await t.start()
        #expect(await t.execute("app.get('/x', (req, res) => {").needsMore)
        #expect(await t.prompt() == "... ")
        #expect(await t.run(".break") == "(the unfinished JavaScript was dropped)")
        #expect(await t.prompt() == "crumbs> ")
        #expect(await t.run("help").contains("requests"))
        await t.shutdown()
    }

    @Test func aScriptThatEndsInsideAnEntrySaysSo() async {
        let out = await transcript(makeTutor(saveProgress: false), ["app.get('/x', (req, res) => {", "  res.send('x');"])
        #expect(out.hasSuffix("the JavaScript that starts with \"app.get('/x', (req, res) => {\" was never finished (2 lines, an unclosed bracket, comment or template string?), so it did not run."))
    }

    @Test func aScriptThatIsNotUTF8IsReadWithAWarning() {
        let bytes = Array("get /\n# caf".utf8) + [0xE9] + Array("\nget /x\n".utf8)
        let (text, warning) = ScriptFile.decode(bytes, path: "s.crumbs")
        #expect(text == "get /\n# caf\u{FFFD}\nget /x\n")
        #expect(warning == "warning: s.crumbs is not UTF-8 text (byte 0xE9 on line 2); such bytes read as \u{FFFD}")
        #expect(ScriptFile.decode(Array("get /\n".utf8), path: "s").warning == nil)
    }

    @Test func aMissingScriptIsAClearError() {
        #expect(throws: TutorError.cannotRead(path: "/nonexistent/s.crumbs", errno: ENOENT)) { try ScriptFile.read("/nonexistent/s.crumbs") }
        #expect(TutorError.cannotRead(path: "s", errno: ENOENT).description == "cannot read s: No such file or directory")
    }

    /// Two corrupt progress files in the same second are both kept, each where the message says.
    @Test func twoCorruptProgressFilesAreBothKept() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("progress.json")
        let store = ProgressStore(file: file)
        try Data("{ not json".utf8).write(to: file)
        let first = try #require(store.load().1)
        try Data("also not json".utf8).write(to: file)
        let second = try #require(store.load().1)
        let kept = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("progress.corrupt-") }.sorted()
        #expect(kept.count == 2)
        for name in kept { #expect(first.contains(name) || second.contains(name)) }
        #expect(first != second)
    }

    /// The lessons are built into the binary: started from `/`, `crumbs` opens lesson 1.
    @Test(.timeLimit(.minutes(1))) func theBinaryFindsItsLessonsFromAnyDirectory() async throws {
        let binary = builtCrumbs()
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the binary first: swift build --product crumbs")
        let result = try await run(
            .path(.init(binary.path)),
            arguments: [],
            workingDirectory: .init("/"),
            input: .string("open 1\n"),
            output: .string(limit: 1 << 20),
            error: .discarded
        )
        let out = result.standardOutput
        #expect(out.contains("Lesson 1: What a session and a cookie are"))
        #expect(out.contains("server: app.js is running on http://localhost:"))
    }
}
