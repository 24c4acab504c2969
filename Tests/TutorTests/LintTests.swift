import Foundation
import Synchronization
import Testing
@testable import Tutor

func lint(_ markdown: String) async -> (Bool, [String]) {
    let dir = temporaryDirectory()
    let file = dir.appendingPathComponent("01-test.md")
    try? markdown.write(to: file, atomically: true, encoding: .utf8)
    let out = Mutex<[String]>([])
    let ok = await LessonLinter.run(paths: [file.path]) { line in out.withLock { $0.append(line.replacingOccurrences(of: file.path, with: "L.md")) } }
    return (ok, out.withLock { $0 })
}

let lintApp = """
```js
const express = require("express");
const app = express();
app.get("/", (req, res) => { res.cookie("a", "1"); res.send("hi"); });
app.listen(3000);
```
"""

@Suite(.serialized, .scratch) struct LintTests {
    @Test func theRepositorysLessonsPass() async {
        let out = Mutex<[String]>([])
        let ok = await LessonLinter.run(paths: [lessonsFolder.path]) { line in out.withLock { $0.append(line) } }
        #expect(ok)
        #expect(out.withLock { $0 } == ["lint: 13 lessons, 46 steps: all good"])
    }

    @Test func aBrokenGoalIsCaught() async {
        let (ok, lines) = await lint("# T\n\n## Step\n\n\(lintApp)\n\n```crumbs\nget /\n```\n\n```expect\n// it says hello\nexpect(last.body).toBe(\"hello\");\n```\n")
        #expect(!ok)
        #expect(lines == [
            "L.md:17:1: step 1 goal \"it says hello\" fails after its commands: expected \"hello\", found \"hi\"",
            "lint: 1 problem in 1 lesson",
        ])
    }

    @Test func aGoalAlreadyTrueIsCaught() async {
        let (ok, lines) = await lint("# T\n\n## Step\n\n\(lintApp)\n\n```crumbs\nget /\n```\n\n```expect\n// no sessions\nexpect(store.size).toBe(0);\n```\n")
        #expect(!ok)
        #expect(lines.first == "L.md:3:1: step 1 (Step): every goal is already met before the step's commands run, so it teaches nothing")
    }

    @Test func aSyntaxErrorIsCaught() async {
        let (ok, lines) = await lint("# T\n\n## Step\n\n```js\napp.get('/', (req, res) => { err && throw err; });\n```\n")
        #expect(!ok)
        #expect(lines.first == "L.md:6:37: in step 1 (Step): SyntaxError: Unexpected keyword 'throw'\napp.get('/', (req, res) => { err && throw err; });\n                                    ^")
    }

    @Test func anUnknownBlockIsCaught() async {
        let (ok, lines) = await lint("# T\n\n## Step\n\n```expects\n// x\nexpect(1).toBe(1)\n```\n")
        #expect(!ok)
        #expect(lines.first?.hasPrefix("L.md:5:4: unknown block \"expects\"") == true)
    }
}

@Suite(.scratch) struct AuthorGuideTests {
    @Test func theExampleInTheAuthorsGuideLints() async throws {
        let guide = try String(contentsOf: lessonsFolder.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(guide.range(of: "````markdown\n"))
        let end = try #require(guide.range(of: "\n````", range: start.upperBound..<guide.endIndex))
        let (ok, lines) = await lint(String(guide[start.upperBound..<end.lowerBound]) + "\n")
        #expect(ok)
        #expect(lines == ["lint: 1 lesson, 1 step: all good"])
    }
}
