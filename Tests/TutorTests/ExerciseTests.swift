import Foundation
import Testing
@testable import Tutor

/// The rustlings loop: the learner's file, their editor, a server that reloads on save.
@Suite(.scratch) struct ExerciseTests {
    /// Lesson 3's exercise: `/newpage` never answers until the learner fixes it.
    func exerciseTutor(editor: String? = nil) async -> (Tutor, URL) {
        let dir = temporaryDirectory()
        var config = TutorConfig(lessonsDirectory: lessonsFolder, stateDirectory: dir, deterministic: true, timeout: 2, port: 0,
                                 saveProgress: true, workDirectory: dir.appendingPathComponent("work"))
        config.editor = editor
        let t = Tutor(config: config)
        _ = await t.start()
        _ = await t.run("open creating-a-session")
        return (t, dir)
    }

    static let file = "creating-a-session-3.js"

    @Test func savingTheFileReloadsTheServerBeforeTheNextRequest() async throws {
        let (t, dir) = await exerciseTutor()
        defer { try? FileManager.default.removeItem(at: dir) }
        let entered = await t.run("step 3")
        let file = dir.appendingPathComponent("work").appendingPathComponent(Self.file)
        #expect(entered.contains("Exercise: fix the code in \(file.path)"))
        _ = await t.run("get /")
        #expect(await t.run("get /newpage").contains("no response after 2 s"))
        // The learner edits the file in their own editor (here: on disk) and saves.
        let code = try String(contentsOf: file, encoding: .utf8)
        try code.replacingOccurrences(of: "  console.log(req.session);\n});", with: "  res.send(req.session.mySession);\n});")
            .write(to: file, atomically: true, encoding: .utf8)
        // The next command finds the server restarted on the new code (MemoryStore empty, as
        // under nodemon), so the learner logs in again and asks.
        let reloaded = await t.run("get /")
        #expect(reloaded.hasPrefix("\(Self.file) changed: restarting the server.\nserver: \(Self.file) is running on http://localhost:"))
        let after = await t.run("get /newpage")
        #expect(after.contains("← 200 OK · text/html · \"this is my session\""))
        #expect(after.contains("✓ Every goal of this step is met."))
        #expect(await t.run("code").contains(" + ")) // the changed line is marked
        await t.shutdown()
    }

    @Test func editRunsTheEditorAndReloads() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // An "editor" that fixes the route the way a learner would.
        let script = dir.appendingPathComponent("fix.sh")
        try "#!/bin/sh\nsed -i 's|  console.log(req.session);|  res.send(\"fixed\");|' \"$1\"\n".write(to: script, atomically: true, encoding: .utf8)
        chmod(script.path, 0o755)
        let (t, state) = await exerciseTutor(editor: script.path)
        defer { try? FileManager.default.removeItem(at: state) }
        _ = await t.run("step 3")
        let edited = await t.run("edit")
        #expect(edited.hasPrefix("\(Self.file) changed: restarting the server."))
        #expect(await t.run("get /newpage").contains("\"fixed\""))
        #expect(await t.run("edit") == "\(Self.file) is unchanged.")
        await t.shutdown()
    }

    @Test func withoutAnEditorEditNamesTheFile() async {
        let (t, dir) = await exerciseTutor(editor: nil)
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = await t.run("step 3")
        let path = dir.appendingPathComponent("work").appendingPathComponent(Self.file).path
        #expect(await t.run("edit") == "No editor is set ($VISUAL or $EDITOR). Open \(path) in yours: the server restarts when you save.")
        _ = await t.run("step 1")
        #expect(await t.run("edit").hasPrefix("this step has no exercise to edit."))
        await t.shutdown()
    }

    @Test func aSyntaxErrorInTheFileStopsTheServerNotTheTutor() async throws {
        let (t, dir) = await exerciseTutor()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = await t.run("step 3")
        let file = dir.appendingPathComponent("work").appendingPathComponent(Self.file)
        try "const app = require('express')();\napp.get('/', (req, res) => { err && throw err; });\napp.listen(3000);\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let out = await t.run("check")
        #expect(out.contains("the app's code has an error, so no server is running:"))
        #expect(out.contains("SyntaxError"))
        #expect(await t.run("help").contains("requests"))
        await t.shutdown()
    }

    @Test func solutionApplyIsNotedInProgress() async {
        let (t, dir) = await exerciseTutor()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = await t.run("step 3")
        #expect(await t.run("solution").hasPrefix("The solution (`solution apply` puts it in your file):"))
        #expect(await t.run("solution apply").hasPrefix("The solution is now in \(Self.file) (`progress` notes that you used it).\n\(Self.file) changed: restarting the server."))
        _ = await t.run("get /")
        _ = await t.run("get /newpage")
        #expect(await t.run("progress").contains("3. Creating a session and reading it back: 1/3 steps, 1 solution applied"))
        await t.shutdown()
    }

    /// The learner's work is kept: coming back to the exercise finds their file as they left it.
    @Test func theLearnersFileIsKept() async throws {
        let (t, dir) = await exerciseTutor()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = await t.run("step 3")
        let file = dir.appendingPathComponent("work").appendingPathComponent(Self.file)
        try (String(contentsOf: file, encoding: .utf8) + "// my note\n").write(to: file, atomically: true, encoding: .utf8)
        _ = await t.run("step 1")
        #expect(await t.run("step 3").contains("Your file from before is kept"))
        #expect(try String(contentsOf: file, encoding: .utf8).hasSuffix("// my note\n"))
        await t.shutdown()
    }
}
