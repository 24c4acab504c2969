import Testing
@testable import Lessons

let sample = """
---
title: Sessions
summary: The server keeps the data.
---

Intro text.

## Set a session

Visit `/`:

```js
const express = require("express");
const app = express();
app.get("/", (req, res) => res.send("hi"));
app.listen(3000);
```

```crumbs
get /
```

```expect
// The server answered hi
expect(last.body).toBe("hi");
// No cookie yet
expect(jar.size).toBe(0);
```

> Hint: type `get /`.

> Hint: really.

## Add a route

```js
// ...
app.get("/two", (req, res) => res.send("two"));
```
"""

@Suite struct LessonParserTests {
    @Test func parsesStepsCodeGoalsAndHints() throws {
        let lesson = try LessonParser.parse(sample, file: "lessons/02-sessions.md")
        #expect(lesson.id == "sessions")
        #expect(lesson.title == "Sessions")
        #expect(lesson.summary == "The server keeps the data.")
        #expect(lesson.steps.map(\.title) == ["Set a session", "Add a route"])
        let first = lesson.steps[0]
        #expect(first.line == 8)
        #expect(first.tries == ["get /"])
        #expect(first.goals.map(\.text) == ["The server answered hi", "No cookie yet"])
        #expect(first.goals.map(\.line) == [24, 26])
        #expect(first.hints == ["type get /.", "really."])
        #expect(lesson.code(at: 1) == """
            const express = require("express");
            const app = express();
            app.get("/", (req, res) => res.send("hi"));
            app.listen(3000);

            
            app.get("/two", (req, res) => res.send("two"));

            """)
    }

    @Test(arguments: [
        ("# T\n\n## Step\n\n```jsx\nx\n```\n", "l.md:5:4: unknown block \"jsx\" (known: js, crumbs, expect; shown as code: bash, console, html, http, json, sh, text, txt)\n```jsx\n   ^"),
        ("# T\n\n## Step\n\n```js\napp.get('/', (req, res) => { err && throw err; });\n```\n", "l.md:6:37: in step 1 (Step): SyntaxError: Unexpected token 'throw'\napp.get('/', (req, res) => { err && throw err; });\n                                    ^"),
        ("---\ntitle: [oops\n---\n## S\n", "l.md:2:13: front matter: did not find expected ',' or ']'\ntitle: [oops\n            ^"),
        ("---\ncolour: red\n---\n# T\n## S\n", "l.md:2:1: unknown front matter key \"colour\" (known: title, summary, id)\ncolour: red\n^"),
        ("# T\n\n##   \n", "l.md:3:1: a step needs a title after ##\n##   \n^"),
        ("# T\n\n## S\n\n```expect\nexpect(1).toBe(1)\n```\n", "l.md:6:1: a goal needs a `// comment` before it: the sentence the learner reads\nexpect(1).toBe(1)\n^"),
    ])
    func badLessonsAreReportedWithACaret(text: String, expected: String) {
        #expect(throws: LessonError.self) { try LessonParser.parse(text, file: "l.md") }
        do { _ = try LessonParser.parse(text, file: "l.md") } catch { #expect(error.description == expected) }
    }
}

@Suite struct GoalCheckerTests {
    @Test func goalsPassAndFailWithExpectedAndFound() throws {
        let lesson = try LessonParser.parse(sample, file: "s.md")
        let world = World(last: World.ExchangeInfo(method: "GET", path: "/", status: 200, headers: [:], body: "hi", setCookies: [], timedOut: false, cookieSent: nil))
        let results = GoalChecker.check(lesson.steps[0].goals, in: world)
        #expect(results.map(\.summary) == ["✓ The server answered hi", "✓ No cookie yet"])
        let other = GoalChecker.check(lesson.steps[0].goals, in: World(jar: [.init(name: "a", value: "1", domain: "localhost", path: "/", expires: nil, session: true, httpOnly: false, secure: false, sameSite: nil, hostOnly: true)]))
        #expect(other.map(\.summary) == [
            "✗ The server answered hi — not yet: no request in this step yet",
            "✗ No cookie yet — expected 0, found 1",
        ])
    }

    @Test func storeAndLogHelpers() {
        let goals = [
            Goal(text: "one session holding the data", source: "expect(store.only().mySession).toBe('x')", line: 1),
            Goal(text: "logged", source: "expect(log.text).toMatch(/Session \\{/)", line: 2),
            Goal(text: "not there", source: "expect(jar.get('nope')).not.toBeDefined()", line: 3),
        ]
        let world = World(store: [.init(id: "a", json: #"{"cookie":{},"mySession":"x"}"#)], log: ["Session {", "}"])
        #expect(GoalChecker.check(goals, in: world).map(\.passed) == [true, true, true])
        let empty = GoalChecker.check([goals[0]], in: World())
        #expect(empty.map(\.summary) == ["✗ one session holding the data — expected exactly one session in the store, found 0 sessions"])
    }
}
