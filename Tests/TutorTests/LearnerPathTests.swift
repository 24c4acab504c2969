import Foundation
import Lessons
import Synchronization
import Testing
@testable import Tutor

/// The shipped lessons, walked as learners walk them: one sitting, one browser, from a fresh
/// state folder, through the script runner. Every step must complete on every path.
@Suite(.scratch, .serialized) struct LearnerPathTests {
    /// A script that types each step's Try commands, in the way `path` says.
    static func script(repeats: Int = 1, arriving: [String] = [], between: [String] = []) throws -> [String] {
        let files = try FileManager.default.contentsOfDirectory(atPath: lessonsFolder.path)
            .filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()
        var lines: [String] = []
        for (number, name) in files.enumerated() {
            let text = try String(contentsOf: lessonsFolder.appendingPathComponent(name), encoding: .utf8)
            let lesson = try LessonParser.parse(text, file: name)
            lines.append("open \(number + 1)")
            for (index, step) in lesson.steps.enumerated() {
                if index > 0 { lines.append("next") }
                if index > 0 { lines += arriving }
                func type() {
                    for _ in 0..<repeats {
                        for command in step.tries { lines.append(command); lines += between }
                    }
                }
                type()
                // An exercise: the learner fixes the file (here, with the solution) and tries again.
                if step.isExercise {
                    lines.append("solution apply")
                    type()
                }
            }
        }
        return lines + ["progress"]
    }

    /// Runs a script on a fresh tutor; returns the first line `progress` printed and the
    /// lines of steps left incomplete.
    static func walk(_ script: [String]) async -> (String, [String]) {
        let state = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: state) }
        // A generous time-out: a slow answer under a loaded machine must not read as no answer.
        let out = await transcript(makeTutor(state: state, timeout: 2), script)
        let report = out.components(separatedBy: "> progress\n").last ?? ""
        let lines = report.split(separator: "\n").map(String.init)
        // "  3. Creating a session: 2/3 steps, 1 hint"
        let incomplete = lines.dropFirst().filter { line in
            guard let match = line.firstMatch(of: /: (\d+)\/(\d+) steps/) else { return true }
            return match.1 != match.2
        }
        return (lines.first ?? "", incomplete)
    }

    static var totalSteps: Int {
        get throws {
            try FileManager.default.contentsOfDirectory(atPath: lessonsFolder.path)
                .filter { $0.hasSuffix(".md") && $0 != "README.md" }
                .map { try LessonParser.parse(String(contentsOf: lessonsFolder.appendingPathComponent($0), encoding: .utf8), file: $0).steps.count }
                .reduce(0, +)
        }
    }

    @Test func eachStepsCommandsOnce() async throws {
        let (summary, incomplete) = await Self.walk(try Self.script())
        #expect(summary == "\(try Self.totalSteps) of \(try Self.totalSteps) steps complete.")
        #expect(incomplete == [])
    }

    @Test func eachStepsCommandsTwice() async throws {
        let (summary, incomplete) = await Self.walk(try Self.script(repeats: 2))
        #expect(summary == "\(try Self.totalSteps) of \(try Self.totalSteps) steps complete.")
        #expect(incomplete == [])
    }

    @Test func backAndNextBeforeEachStep() async throws {
        let (summary, incomplete) = await Self.walk(try Self.script(arriving: ["back", "next"]))
        #expect(summary == "\(try Self.totalSteps) of \(try Self.totalSteps) steps complete.")
        #expect(incomplete == [])
    }

    @Test func inspectionCommandsInBetween() async throws {
        let (summary, incomplete) = await Self.walk(try Self.script(between: ["jar", "store", "why", "routes", "log", "hint"]))
        #expect(summary == "\(try Self.totalSteps) of \(try Self.totalSteps) steps complete.")
        #expect(incomplete == [])
    }
}

/// Entering a step puts the world back as the lesson defines it, and says what it put back.
@Suite(.scratch) struct StepStateTests {
    static let lesson = """
    # Two steps

    ## Set a cookie

    ```js
    const express = require("express");
    const app = express();
    app.get("/set", (req, res) => { res.cookie("a", "1"); res.send("set"); });
    app.get("/", (req, res) => res.send(`you sent: ${req.get("Cookie") || "nothing"}`));
    app.listen(3000);
    ```

    ```crumbs
    get /set
    ```

    ```expect
    // the browser keeps a
    expect(jar.get("a").value).toBe("1");
    ```

    ## It comes back

    ```crumbs
    get /
    ```

    ```expect
    // a went back
    expect(request("GET /").body).toBe("you sent: a=1");
    ```

    ## Fresh

    ```crumbs fresh
    get /
    ```

    ```expect
    // nothing went
    expect(last.body).toBe("you sent: nothing");
    ```
    """

    func tutor() throws -> (Tutor, URL) {
        let dir = temporaryDirectory()
        try Self.lesson.write(to: dir.appendingPathComponent("01-two.md"), atomically: true, encoding: .utf8)
        return (makeTutor(state: dir, lessons: dir), dir)
    }

    @Test func aStepStartsFromTheEarlierStepsCommandsWhateverTheLearnerDid() async throws {
        let (t, dir) = try tutor()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = await t.start()
        _ = await t.run("open 1")
        // The learner skips step 1's command and experiments instead.
        _ = await t.run("set b=2")
        _ = await t.run("thirdparty block")
        let next = await t.run("next").replacingOccurrences(of: "\n  ", with: " ")
        #expect(next.contains("Put back as this step starts: the jar without b, with a; third-party cookies as Chrome handles them (allowed) again."))
        _ = await t.run("get /")
        #expect(await t.run("check").hasPrefix("  ✓ a went back"))
        // Going on to a fresh step empties the jar; coming back restores step 1's cookie.
        #expect(await t.run("next").contains("Put back as this step starts: the jar without a."))
        #expect(await t.run("get /").contains("\"you sent: nothing\""))
        #expect(await t.run("back").contains("Put back as this step starts: the jar with a."))
        #expect(await t.run("progress").hasPrefix("2 of 3 steps complete."))
        await t.shutdown()
    }

    @Test func followingTheLessonsPathPutsNothingBack() async throws {
        let (t, dir) = try tutor()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = await t.start()
        _ = await t.run("open 1")
        _ = await t.run("get /set")
        #expect(await t.run("next").contains("Put back") == false)
        await t.shutdown()
    }

    @Test func checkSaysWhatIsMissingInTheLearnersTerms() async throws {
        let (t, dir) = try tutor()
        defer { try? FileManager.default.removeItem(at: dir) }
        _ = await t.start()
        _ = await t.run("open 1")
        #expect(await t.run("check") == "  ✗ the browser keeps a\n      not yet: the browser holds no a cookie\n1 goal still open.")
        _ = await t.run("next")
        #expect(await t.run("check") == "  ✗ a went back\n      not yet: no request to GET / in this step yet: try `get /`\n1 goal still open.")
        await t.shutdown()
    }

    @Test func theLastHintSaysTheExactCommands() throws {
        let step = try LessonParser.parse(Self.lesson, file: "l.md").steps[0]
        #expect(step.allHints == ["Type exactly `get /set`."])
    }
}
