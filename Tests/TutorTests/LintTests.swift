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
        #expect(out.withLock { $0 } == ["lint: 15 lessons, 60 steps: all good"])
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
        #expect(lines.first == "L.md:3:1: step 1 (Step): every goal is already met when the step starts, before its commands run, so it teaches nothing")
    }

    @Test func aSyntaxErrorIsCaught() async {
        let (ok, lines) = await lint("# T\n\n## Step\n\n```js\napp.get('/', (req, res) => { err && throw err; });\n```\n")
        #expect(!ok)
        #expect(lines.first == "L.md:6:37: in step 1 (Step): SyntaxError: Unexpected token 'throw'\napp.get('/', (req, res) => { err && throw err; });\n                                    ^")
    }

    /// Step 2 expects a clean browser, but step 1's commands leave a cookie in it: checked on a
    /// fresh browser per step this passed; the learner walking the lesson gets stuck.
    @Test func aLessonThatLeaksStateBetweenStepsIsCaught() async {
        let (ok, lines) = await lint("""
        # T

        ## One

        \(lintApp)

        ```crumbs
        get /
        ```

        ```expect
        // a cookie
        expect(jar.get("a").value).toBe("1");
        ```

        ## Two

        ```crumbs
        get /
        ```

        ```expect
        // the second step sees no cookie sent
        expect(last.cookieSent).toBeUndefined();
        ```

        """)
        #expect(!ok)
        #expect(lines == [
            "L.md:28:1: step 2 goal \"the second step sees no cookie sent\" fails after its commands: expected undefined, found \"a=1\"",
            "lint: 1 problem in 1 lesson",
        ])
    }

    @Test func aGoalThatDependsOnRequestPositionsIsCaught() async {
        let (ok, lines) = await lint("# T\n\n## Step\n\n\(lintApp)\n\n```crumbs\nget /\nget /\n```\n\n```expect\n// the first request set a\nexpect(exchanges[0].setCookies).toHaveLength(1);\n```\n")
        #expect(!ok)
        #expect(lines.first == "L.md:19:8: `exchanges[0]` depends on the order of requests, which breaks when a learner repeats a command; use request(\"GET /path\"), firstRequest(…) or lastSet(\"cookie\")\nexpect(exchanges[0].setCookies).toHaveLength(1);\n       ^")
    }

    @Test func aGoalThatBreaksWhenTheCommandsAreTypedTwiceIsCaught() async {
        let app = lintApp.replacingOccurrences(of: #"res.cookie("a", "1");"#, with: #"if (!req.get("Cookie")) res.cookie("a", "1");"#)
        let (ok, lines) = await lint("# T\n\n## Step\n\n\(app)\n\n```crumbs\nget /\n```\n\n```expect\n// the response set a\nexpect(last.setCookies).toHaveLength(1);\n```\n")
        #expect(!ok)
        #expect(lines == [
            "L.md:17:1: step 1 goal \"the response set a\" fails after its commands, on the path \"commands twice\": expected length 1, found []",
            "lint: 1 problem in 1 lesson",
        ])
    }

    @Test func anUnknownMatcherIsCaughtAtLintTime() async {
        let (ok, lines) = await lint("# T\n\n## Step\n\n\(lintApp)\n\n```crumbs\nget /\n```\n\n```expect\n// soon\nexpect(last.status).toBeWithin(200, 299);\n```\n")
        #expect(!ok)
        #expect(lines.first?.hasPrefix("L.md:18:21: unknown matcher \"toBeWithin\" (known: toBe, toEqual,") == true)
    }

    @Test func everyProblemOfAFileIsReportedInOneRun() async {
        let (ok, lines) = await lint("# T\n\n## One\n\n```expects\nx\n```\n\n## Two\n\n```jss\ny\n```\n")
        #expect(!ok)
        let located: [String] = lines.filter { $0.hasPrefix("L.md:") }.map { String($0.prefix(24)) }
        #expect(located == ["L.md:5:4: unknown block ", "L.md:11:4: unknown block"])
        #expect(lines.last == "lint: 2 problems in 1 lesson")
    }

    /// A step with nothing to check counts as complete once visited, in lint and in progress.
    @Test func aStepWithoutGoalsCountsAsCompleteOnceVisited() async {
        let (ok, lines) = await lint("# T\n\n## Read this\n\nJust prose.\n\n## Do this\n\n\(lintApp)\n\n```crumbs\nget /\n```\n\n```expect\n// a\nexpect(jar.get(\"a\")).toBeDefined();\n```\n")
        #expect(ok)
        #expect(lines == ["lint: 1 lesson, 2 steps: all good"])
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
