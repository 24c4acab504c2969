import Foundation
import Testing
@testable import Tutor

/// Progress is saved when the tutor quits, not only by the commands that save as they go.
@Suite(.serialized, .scratch) struct QuitTests {
    /// A small app of the learner's own, for `load`.
    func appFile() throws -> URL {
        let file = temporaryDirectory().appendingPathComponent("mine.js")
        try """
        const express = require("express");
        const app = express();
        app.get("/", (req, res) => res.send("mine"));
        app.listen(3000);
        """.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// `load` leaves the lesson without saving; quitting saves that, so the next start does not
    /// resume a lesson the learner had left.
    @Test func leavingALessonForYourOwnAppIsSavedOnQuit() async throws {
        let state = temporaryDirectory()
        let app = try appFile()
        let first = await transcript(makeTutor(state: state), ["open 2", "next", "load \(app.path)", "get /", "quit"])
        #expect(first.contains("← 200 OK · text/html · \"mine\""))
        #expect(first.hasSuffix("> quit\nBye. Your progress is saved."))

        let saved = try JSONDecoder().decode(Progress.self, from: Data(contentsOf: state.appendingPathComponent("progress.json")))
        #expect(saved.lesson == nil)
        let second = makeTutor(state: state)
        let welcome = await second.start().joined(separator: "\n")
        #expect(!welcome.contains("Welcome back"))
        #expect(welcome.hasSuffix("Type `open 1` to begin."))
        #expect(await second.prompt() == "crumbs> ")
    }

    /// The same through `shutdown()` alone (Ctrl-D, the end of a script), with a hint on the way.
    @Test func aHintAndTheStepAreThereAfterShutdown() async throws {
        let state = temporaryDirectory()
        let first = makeTutor(state: state)
        _ = await first.start()
        _ = await first.run("open 3")
        _ = await first.run("next")
        #expect(await first.run("hint") == "Hint 1 of 2: the route logs, and then? Nothing sends a response.")
        await first.shutdown()

        let second = makeTutor(state: state)
        #expect(await second.start().contains("Welcome back: resuming lesson 3, step 2."))
        #expect(await second.run("progress").contains("\n  3. Creating a session and reading it back: 0/3 steps, 1 hint\n"))
        #expect(await second.run("hint") == "Hint 2 of 2: Type exactly `get /` and then `get /newpage`, in that order.")
    }

    /// A corrupt file is set aside and the fresh progress written on quit, so the next start is a
    /// clean one: no warning again, the copy still kept.
    @Test func afterACorruptFileWasSetAsideQuitWritesAFreshOne() async throws {
        let state = temporaryDirectory()
        let file = state.appendingPathComponent("progress.json")
        try "{ this is not json".write(to: file, atomically: true, encoding: .utf8)
        let app = try appFile()
        let first = await transcript(makeTutor(state: state), ["load \(app.path)", "quit"])
        #expect(first.contains("could not be read (not valid JSON)"))

        let saved = try JSONDecoder().decode(Progress.self, from: Data(contentsOf: file))
        #expect(saved == Progress())
        let second = makeTutor(state: state)
        let welcome = await second.start().joined(separator: "\n")
        #expect(!welcome.contains("could not be read"))
        #expect(welcome.hasSuffix("Type `open 1` to begin."))
        let aside = try FileManager.default.contentsOfDirectory(atPath: state.path).filter { $0.hasPrefix("progress.corrupt-") }
        #expect(aside.count == 1)
    }

    /// Without saving (scripts: `crumbs run`, a pipe), quitting writes nothing and says so.
    @Test func withoutSavingNothingIsWritten() async throws {
        let state = temporaryDirectory()
        let text = await transcript(makeTutor(state: state, saveProgress: false), ["open 2", "next", "quit"])
        #expect(text.hasSuffix("> quit\nBye."))
        #expect(try FileManager.default.contentsOfDirectory(atPath: state.path) == [])
    }
}
