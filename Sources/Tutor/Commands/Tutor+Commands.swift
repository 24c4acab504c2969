extension Tutor {
    /// Every command of the tutor. The one table dispatch, help and completion read.
    static let commands: [TutorCommand] = {
        typealias C = TutorCommand
        let requestSpec = ArgumentSpec(
            required: ["PATH"], rest: "BODY",
            options: [.init(names: ["-H", "--header"], value: "'Name: value'"), .init(names: ["--from"], value: "the page that starts it")],
            flags: [["--subresource", "--fetch", "--img"]])
        func request(_ method: String, _ usage: String, _ summary: String, _ example: String) -> C {
            C(names: [method.lowercased()], group: .requests, usage: usage, summary: summary, example: example,
              arguments: requestSpec, completion: [.routes]) { t, a in .init(await t.request(method: method, a)) }
        }
        return [
            request("GET", "get PATH|URL [-H 'Name: value'] [--from SITE] [--subresource]", "the browser requests a page; its cookies go along", "get /newpage"),
            request("POST", "post PATH [name=value ... | JSON] [options as for get]", "the browser sends a form (name=value pairs) or JSON", "post /login user=alice"),
            request("PUT", "put PATH [body]", "a PUT request", "put /cart item=book"),
            request("PATCH", "patch PATH [body]", "a PATCH request", "patch /cart item=pen"),
            request("DELETE", "delete PATH [body]", "a DELETE request", "delete /cart"),
            request("HEAD", "head PATH", "a HEAD request: the headers without the body", "head /"),
            request("OPTIONS", "options PATH", "an OPTIONS request", "options /"),
            C(names: ["together"], group: .requests, usage: "together N REQUEST",
              summary: "N copies of a request sent at once: they race on the session, as under Node",
              example: "together 2 get /count", arguments: ArgumentSpec(verbatim: true),
              completion: [.none, .words(["get", "post", "put", "patch", "delete", "head", "options"]), .routes]) { t, a in
                .init(await t.together(a.rest))
            },

            C(names: ["jar", "cookies"], group: .browser, usage: "jar [NAME | clear]",
              summary: "the browser's cookies as DevTools shows them; one in full; or delete them all",
              example: "jar connect.sid", arguments: .optional("NAME"), completion: [.cookies], effect: { $0[0] == "clear" ? .changes : .looks }) { t, a in
                if a[0] == "clear" { return .init(await t.clearJar()) }
                return .init(await t.jarTable(a[0]))
            },
            C(names: ["document.cookie"], group: .browser, usage: "document.cookie [= 'name=value']",
              summary: "what a page's script sees (no HttpOnly cookies), or set a cookie from script",
              example: "document.cookie = 'theme=dark'", arguments: ArgumentSpec(verbatim: true), effect: { $0.rest.isEmpty ? .looks : .changes }) { t, a in
                if a.rest.first == "=" { return .init(await t.assignDocumentCookie(a.rest.dropFirst().joined(separator: " "))) }
                if !a.rest.isEmpty { return .init(["usage: document.cookie [= 'name=value']"]) }
                return .init(await t.documentCookie())
            },
            C(names: ["set"], group: .browser, usage: "set NAME=VALUE [--domain D] [--path P] | set NAME --from PROFILE",
              summary: "add or edit a cookie by hand (how you tamper with one), or copy another profile's",
              example: "set connect.sid=s%3Aforged.sig",
              arguments: ArgumentSpec(required: ["NAME=VALUE"], options: [.init(names: ["--domain"], value: "a domain"), .init(names: ["--path"], value: "a path"), .init(names: ["--from"], value: "a profile")]),
              completion: [.cookieAssignments]) { t, a in .init(await t.setCookie(a)) },
            C(names: ["unset", "rm"], group: .browser, usage: "unset NAME", summary: "delete a cookie by hand", example: "unset myCookie",
              arguments: .positional("NAME"), completion: [.cookies]) { t, a in .init(await t.unsetCookie(a.positional)) },
            C(names: ["close"], group: .browser, usage: "close", summary: "close the browser: session cookies go, persistent ones stay", example: "close") { t, _ in
                .init(await t.closeBrowser())
            },
            C(names: ["as"], group: .browser, usage: "as NAME", summary: "browse as another person (a profile with its own jar)", example: "as alice",
              arguments: .positional("NAME"), completion: [.profiles]) { t, a in .init(await t.switchProfile(a.positional)) },
            C(names: ["browser"], group: .browser, usage: "browser [chrome|firefox|safari]",
              summary: "whose cookie rules the browser follows (SameSite default, third-party cookies, localhost)",
              example: "browser firefox", arguments: .optional("BROWSER"), completion: [.words(["chrome", "firefox", "safari"])]) { t, a in
                .init(await t.switchBrowser(a.positional))
            },
            C(names: ["thirdparty", "third-party"], group: .browser, usage: "thirdparty block|allow|default",
              summary: "override the browser's third-party cookie policy (Safari blocks; Firefox partitions)",
              example: "thirdparty block", arguments: .optional("POLICY"), completion: [.words(["block", "allow", "default"])]) { t, a in
                .init(await t.thirdParty(a.positional))
            },
            C(names: ["wait"], group: .browser, usage: "wait DURATION", summary: "move the clock forward (30s, 15m, 2h, 2d)", example: "wait 15m",
              arguments: .positional("DURATION")) { t, a in .init(await t.wait(a.positional)) },

            C(names: ["store", "sessions"], group: .server, usage: "store", summary: "every session the server keeps: id, data, expiry", example: "store", effect: { _ in .looks }) { t, _ in
                .init(t.storeTable())
            },
            C(names: ["log"], group: .server, usage: "log", summary: "the server's console output", example: "log", effect: { _ in .looks }) { t, _ in .init(t.logLines()) },
            C(names: ["routes"], group: .server, usage: "routes", summary: "the routes the running app declares", example: "routes", effect: { _ in .looks }) { t, _ in
                .init(await t.routeList())
            },
            C(names: ["code"], group: .server, usage: "code", summary: "the step's code (your exercise file) with its changes marked", example: "code", effect: { _ in .looks }) { t, _ in
                .init(t.codeListing())
            },
            C(names: ["restart"], group: .server, usage: "restart", summary: "restart the server (MemoryStore loses every session)", example: "restart") { t, _ in
                .init(await t.restart())
            },
            C(names: ["scale"], group: .server, usage: "scale N [--sticky]",
              summary: "run the app as N instances behind one port (round-robin, or --sticky)",
              example: "scale 2", arguments: ArgumentSpec(required: ["N"], flags: [["--sticky"]]),
              completion: [.words(["1", "2", "3"])]) { t, a in .init(await t.scale(a)) },
            C(names: ["load"], group: .server, usage: "load FILE.js", summary: "run your own Express app file", example: "load app.js",
              arguments: .positional("FILE.js"), effect: { _ in .leaves }) { t, a in .init(await t.loadFile(a.positional)) },

            C(names: ["lessons"], group: .lessons, usage: "lessons", summary: "the lessons, with your progress", example: "lessons", effect: { _ in .looks }) { t, _ in .init(t.lessonList()) },
            C(names: ["open"], group: .lessons, usage: "open N|ID", summary: "open a lesson", example: "open 3",
              arguments: .positional("N|ID"), completion: [.lessons], effect: { _ in .leaves }) { t, a in .init(await t.open(a.positional)) },
            C(names: ["next"], group: .lessons, usage: "next", summary: "the next step", example: "next", effect: { _ in .leaves }) { t, _ in .init(await t.move(by: 1)) },
            C(names: ["back", "prev"], group: .lessons, usage: "back", summary: "the step before", example: "back", effect: { _ in .leaves }) { t, _ in .init(await t.move(by: -1)) },
            C(names: ["step"], group: .lessons, usage: "step N", summary: "go to step N of this lesson", example: "step 2",
              arguments: .positional("N"), effect: { _ in .leaves }) { t, a in .init(await t.goToStep(a.positional)) },
            C(names: ["read"], group: .lessons, usage: "read", summary: "show this step again", example: "read", effect: { _ in .looks }) { t, _ in .init(t.readStep()) },
            C(names: ["hint"], group: .lessons, usage: "hint", summary: "one more hint; the last one says the exact commands", example: "hint", effect: { _ in .looks }) { t, _ in .init(t.hint()) },
            C(names: ["check"], group: .lessons, usage: "check", summary: "check this step's goals", example: "check", effect: { _ in .looks }) { t, _ in .init(await t.check()) },
            C(names: ["edit"], group: .lessons, usage: "edit", summary: "open this exercise's file in $VISUAL or $EDITOR; the server restarts on save", example: "edit") { t, _ in
                .init(await t.edit())
            },
            C(names: ["solution"], group: .lessons, usage: "solution [apply]", summary: "show the exercise's solution, or put it in your file", example: "solution apply",
              arguments: .optional("apply"), completion: [.words(["apply"])], effect: { $0[0] == nil ? .looks : .changes }) { t, a in .init(await t.solution(a.positional)) },
            C(names: ["reset"], group: .lessons, usage: "reset [lesson]", summary: "this step (or the whole lesson) back to its start", example: "reset",
              arguments: .optional("lesson"), completion: [.words(["lesson"])], effect: { _ in .leaves }) { t, a in .init(await t.reset(a.positional)) },
            C(names: ["progress"], group: .lessons, usage: "progress", summary: "what you have completed", example: "progress", effect: { _ in .looks }) { t, _ in .init(t.progressReport()) },

            C(names: ["why"], group: .inspect, usage: "why", summary: "every decision of the last request, and why", example: "why", effect: { _ in .looks }) { t, _ in .init(t.why()) },
            C(names: ["raw"], group: .inspect, usage: "raw", summary: "the last exchange as raw HTTP", example: "raw", effect: { _ in .looks }) { t, _ in .init(t.raw()) },
            C(names: ["export"], group: .inspect, usage: "export [DIR]", summary: "this app's requests as a curl script (+ cookies.txt) and a HAR file",
              example: "export handout", arguments: .optional("DIR"), effect: { _ in .leaves }) { t, a in .init(await t.export(a.positional)) },
            C(names: ["clear"], group: .inspect, usage: "clear", summary: "clear the screen (`jar clear` deletes the cookies)", example: "clear", effect: { _ in .looks }) { t, _ in
                // Only a terminal has a screen to clear; a transcript stays plain text.
                .init(t.theme.color ? ["\u{1B}[H\u{1B}[2J"] : [])
            },
            C(names: ["help", "?"], group: .inspect, usage: "help [COMMAND]", summary: "this list, or one command with an example", example: "help get",
              arguments: .optional("COMMAND"), completion: [.commands], effect: { _ in .looks }) { t, a in .init(t.help(a[0])) },
            C(names: ["quit", "exit", ".exit"], group: .inspect, usage: "quit", summary: "leave (progress is saved); Ctrl-D too", example: "quit", effect: { _ in .leaves }) { t, _ in
                Tutor.Output(lines: [t.progressStore == nil ? "Bye." : "Bye. Your progress is saved."], quit: true)
            },
        ]
    }()

    /// The command a word names, by name or alias.
    static func command(named word: String) -> TutorCommand? {
        let word = word.lowercased()
        return commands.first { $0.names.contains(word) }
    }
}
