import Foundation
import Testing
@testable import Tutor

@Suite(.serialized, .scratch) struct FlowTests {
    @Test func theArticlesSessionFlow() async {
        let t = makeTutor()
        let text = await transcript(t, [
            "open 3", "get /", "get /newpage", "next", "next", "get /newpage", "solution apply", "get /", "get /newpage", "store",
            "open 5", "next", "solution apply", "get /", "get /logout", "get /me", "jar", "quit",
        ])
        // /newpage as the article writes it never answers, and the console shows the session.
        #expect(text.contains("← no response after 2 s: the route never sent a response"))
        #expect(text.contains("""
            server console
              Session {
                cookie: { path: '/', _expires: null, originalMaxAge: null, httpOnly: true },
                mySession: 'this is my session'
              }
            """))
        // The exercise: the learner's file restarts the server when it changes, and the fix answers.
        #expect(text.contains("creating-a-session-3.js changed: restarting the server."))
        #expect(text.contains("← 200 OK · text/html · \"this is my session\""))
        // The logout lesson: the article's code does not start, the fixed one destroys the session.
        #expect(text.contains("""
            app.js:18:12: SyntaxError: Unexpected token 'throw'
                err && throw err;
                       ^
            """))
        #expect(text.contains("""
            deleting-a-session-2.js:22:12: SyntaxError: Unexpected token 'throw'
                err && throw err;
                       ^
            """))
        #expect(text.contains("removed from the store; the browser's\n    cookie is not cleared"))
        #expect(text.contains("← 200 OK · text/html · \"you are nobody\""))
        #expect(text.hasSuffix("> quit\nBye. Your progress is saved."))
    }

    @Test func theArticlesCookieFlow() async {
        let t = makeTutor()
        let text = await transcript(t, ["open 6", "get /", "next", "get /read", "next", "next", "get /delete", "jar", "next", "solution apply", "get /", "get /delete", "jar"])
        #expect(text.contains("""
            server console
              req.cookies: { myCookie: 'this is my cookie' }
              req.body: undefined
            """))
        #expect(text.contains("← no response after 2 s: the route never sent a response"))
        #expect(text.contains("    Set-Cookie: myCookie=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT"))
        #expect(text.contains("  browser: deleted: myCookie removed (for localhost only, path /): Expires=Thu, 01 Jan 1970 00:00:00\n    GMT is in the past"))
        #expect(text.hasSuffix("> jar\ndefault's jar is empty."))
        #expect(text.contains("cookie-parser-5.js changed: restarting the server."))
    }

    @Test func ctrlCCancelsAPendingRequest() async throws {
        let t = makeTutor(timeout: 10)
        _ = await t.start()
        _ = await t.run("open 3")
        _ = await t.run("get /")
        // A timer due before the browser gives up could still answer: the browser waits.
        _ = await t.run("app.get('/slow', (req, res) => { setTimeout(() => res.send('late'), 5000); });")
        let started = Date()
        let pending = Task { await t.run("get /slow") }
        try await Task.sleep(for: .milliseconds(300))
        #expect(await t.cancelPending())
        let output = await pending.value
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(output.contains("← cancelled (Ctrl-C) while waiting for the response"))
        // The tutor carries on.
        #expect(await t.run("get /").contains("← 200 OK"))
        #expect(await !t.cancelPending())
        await t.shutdown()
    }


    /// A route that returned without answering, with nothing queued that could answer it: the
    /// browser stops waiting at once, with its time-out's outcome.
    @Test func aRouteNothingCanAnswerIsGivenUpAtOnce() async throws {
        let t = makeTutor(timeout: 30)
        _ = await t.start()
        _ = await t.run("open 3")
        _ = await t.run("get /")
        let started = Date()
        let output = await t.run("get /newpage")
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(output.contains("← no response after 30 s: the route never sent a response"), "\(output)")
        // A timer due after the browser would give up comes too late as well; one due before
        // it answers.
        _ = await t.run("app.get('/later', (req, res) => { setTimeout(() => res.send('late'), 60000); });")
        _ = await t.run("app.get('/soon', (req, res) => { setTimeout(() => res.send('soon'), 200); });")
        #expect(await t.run("get /later").contains("← no response after 30 s"))
        #expect(await t.run("get /soon").contains("← 200 OK · text/html · \"soon\""))
        #expect(Date().timeIntervalSince(started) < 20)
        await t.shutdown()
    }
    @Test func javaScriptTypedAtThePromptRunsInTheLiveApp() async {
        let t = makeTutor()
        _ = await t.start()
        _ = await t.run("open 6")
        #expect(await t.run("app.get('/hi', (req, res) => res.send('hi ' + req.cookies.myCookie))") == "route added: GET /hi — try `get /hi`")
        let first = await t.execute("app.get('/two', (req, res) => {")
        #expect(first.needsMore)
        #expect(await t.run("  res.send('two');") == "")
        #expect(await t.run("})") == "route added: GET /two — try `get /two`")
        _ = await t.run("get /")
        #expect(await t.run("get /hi").contains("← 200 OK · text/html · \"hi this is my cookie\""))
        #expect(await t.run("const x = ;") == "<prompt>:1:11: SyntaxError: Unexpected token ';'\nconst x = ;\n          ^")
        #expect(await t.run("code").contains("app.get('/two', (req, res) => {"))
        await t.shutdown()
    }

    @Test func browserCommands() async {
        let t = makeTutor()
        _ = await t.start()
        _ = await t.run("open 9")
        _ = await t.run("get /set")
        #expect(await t.run("document.cookie") == "document.cookie → \"theme=dark\"\n  hidden: token is HttpOnly, so scripts (and XSS) cannot read it")
        #expect(await t.run("document.cookie = 'token=stolen'") == "browser: rejected: document.cookie cannot overwrite the HttpOnly cookie token")
        #expect(await t.run("as alice") == "now browsing as alice (a new profile with an empty jar)")
        #expect(await t.prompt() == "crumbs 9.1 as alice> ")
        #expect(await t.run("as default") == "now browsing as default (2 cookies in the jar)")
        #expect(await t.run("wait 15m") == "time moves on 15 minutes: it is now Mon, 15 Jan 2024 12:15:00 GMT")
        #expect(await t.run("wait soon") == "usage: wait DURATION — e.g. `wait 30s`, `wait 15m`, `wait 2d`")
        #expect(await t.run("gte /") == "unknown command \"gte\". Did you mean `get`? `help` lists the commands.")
        #expect(await t.run("help wait") == "wait DURATION\n  move the clock forward (30s, 15m, 2h, 2d)\n  example: wait 15m")
        await t.shutdown()
    }
}

@Suite(.serialized, .scratch) struct ProgressTests {
    @Test func progressIsResumedAfterARestart() async throws {
        let state = temporaryDirectory()
        let first = makeTutor(state: state)
        _ = await first.start()
        _ = await first.run("open 2")
        _ = await first.run("next")
        _ = await first.run("get /")
        _ = await first.run("hint")
        await first.shutdown()

        let saved = try JSONDecoder().decode(Progress.self, from: Data(contentsOf: state.appendingPathComponent("progress.json")))
        #expect(saved.lesson == "setting-up-express-session")
        #expect(saved.step == 1)
        #expect(saved.completed == ["setting-up-express-session": [1]])

        let second = makeTutor(state: state)
        let welcome = await second.start()
        #expect(welcome.contains("Welcome back: resuming lesson 2, step 2."))
        #expect(await second.run("progress").hasPrefix("1 of 60 steps complete.\n  1. What a session and a cookie are: 0/4 steps\n  2. Setting up express-session: 1/4 steps"))
        #expect(await second.prompt() == "crumbs 2.2> ")
        await second.shutdown()
    }

    @Test func aCorruptProgressFileIsSetAsideNotLost() async throws {
        let state = temporaryDirectory()
        try "{ this is not json".write(to: state.appendingPathComponent("progress.json"), atomically: true, encoding: .utf8)
        let t = makeTutor(state: state)
        let welcome = await t.start().joined(separator: "\n")
        #expect(welcome.contains("could not be read (not valid JSON)"))
        let aside = try FileManager.default.contentsOfDirectory(atPath: state.path).filter { $0.hasPrefix("progress.corrupt-") }
        #expect(aside.count == 1)
        #expect(try String(contentsOf: state.appendingPathComponent(aside[0]), encoding: .utf8) == "{ this is not json")
        await t.shutdown()
    }

    @Test func completionCandidates() async {
        let t = makeTutor()
        _ = await t.start()
        _ = await t.run("open 3")
        _ = await t.run("get /")
        let model = await t.completionModel()
        #expect(model.candidates(line: "ope", word: "ope") == ["open"])
        #expect(model.candidates(line: "get /n", word: "/n") == ["/newpage"])
        #expect(model.candidates(line: "open cr", word: "cr") == ["creating-a-session"])
        #expect(model.candidates(line: "unset ", word: "") == ["connect.sid"])
        #expect(model.candidates(line: "as d", word: "d") == ["default"])
        await t.shutdown()
    }
}
