/// The tutor's commands, with a line of help and an example each.
struct CommandHelp: Sendable {
    var name: String
    var usage: String
    var summary: String
    var example: String
    var group: String

    static let all: [CommandHelp] = [
        .init(name: "get", usage: "get PATH|URL [-H 'Name: value'] [--from SITE] [--subresource]", summary: "the browser requests a page; its cookies go along", example: "get /newpage", group: "requests"),
        .init(name: "post", usage: "post PATH [name=value ... | JSON] [options as for get]", summary: "the browser sends a form (name=value pairs) or JSON", example: "post /login user=alice", group: "requests"),
        .init(name: "put", usage: "put PATH [body]", summary: "a PUT request", example: "put /cart item=book", group: "requests"),
        .init(name: "patch", usage: "patch PATH [body]", summary: "a PATCH request", example: "patch /cart item=pen", group: "requests"),
        .init(name: "delete", usage: "delete PATH [body]", summary: "a DELETE request", example: "delete /cart", group: "requests"),
        .init(name: "jar", usage: "jar", summary: "the browser's cookies, as DevTools shows them", example: "jar", group: "browser"),
        .init(name: "document.cookie", usage: "document.cookie [= 'name=value']", summary: "what a page's script sees (no HttpOnly cookies), or set a cookie from script", example: "document.cookie = 'theme=dark'", group: "browser"),
        .init(name: "set", usage: "set NAME=VALUE [--domain D] [--path P] | set NAME --from PROFILE", summary: "add or edit a cookie by hand (how you tamper with one), or copy another profile's", example: "set connect.sid=s%3Aforged.sig", group: "browser"),
        .init(name: "unset", usage: "unset NAME", summary: "delete a cookie by hand", example: "unset myCookie", group: "browser"),
        .init(name: "close", usage: "close", summary: "close the browser: session cookies go, persistent ones stay", example: "close", group: "browser"),
        .init(name: "clear", usage: "clear", summary: "delete every cookie of this profile", example: "clear", group: "browser"),
        .init(name: "as", usage: "as NAME", summary: "browse as another person (a profile with its own jar)", example: "as alice", group: "browser"),
        .init(name: "browser", usage: "browser [chrome|firefox|safari]", summary: "follow another browser's cookie rules (Chrome by default)", example: "browser firefox", group: "browser"),
        .init(name: "thirdparty", usage: "thirdparty block|allow|default", summary: "override the browser's third-party cookie policy (Chrome allows, Firefox partitions, Safari blocks)", example: "thirdparty block", group: "browser"),
        .init(name: "wait", usage: "wait DURATION", summary: "move the clock forward (30s, 15m, 2h, 2d)", example: "wait 15m", group: "browser"),
        .init(name: "store", usage: "store", summary: "every session the server keeps: id, data, expiry", example: "store", group: "server"),
        .init(name: "log", usage: "log", summary: "the server's console output", example: "log", group: "server"),
        .init(name: "routes", usage: "routes", summary: "the routes the running app declares", example: "routes", group: "server"),
        .init(name: "code", usage: "code", summary: "the running app's source with line numbers", example: "code", group: "server"),
        .init(name: "restart", usage: "restart", summary: "restart the server (MemoryStore loses every session)", example: "restart", group: "server"),
        .init(name: "load", usage: "load FILE.js", summary: "run your own Express app file", example: "load app.js", group: "server"),
        .init(name: "app.", usage: "app.get(...) / const / let / var ...", summary: "JavaScript typed here runs in the live app", example: "app.get('/hi', (req, res) => res.send('hi'))", group: "server"),
        .init(name: "lessons", usage: "lessons", summary: "the lessons, with your progress", example: "lessons", group: "lessons"),
        .init(name: "open", usage: "open N|ID", summary: "open a lesson", example: "open 3", group: "lessons"),
        .init(name: "next", usage: "next", summary: "the next step", example: "next", group: "lessons"),
        .init(name: "back", usage: "back", summary: "the step before", example: "back", group: "lessons"),
        .init(name: "step", usage: "step N", summary: "go to step N of this lesson", example: "step 2", group: "lessons"),
        .init(name: "read", usage: "read", summary: "show this step again", example: "read", group: "lessons"),
        .init(name: "hint", usage: "hint", summary: "one more hint", example: "hint", group: "lessons"),
        .init(name: "check", usage: "check", summary: "check this step's goals", example: "check", group: "lessons"),
        .init(name: "reset", usage: "reset [lesson]", summary: "this step (or the whole lesson) back to its start", example: "reset", group: "lessons"),
        .init(name: "edit", usage: "edit", summary: "open this exercise's file in $VISUAL or $EDITOR; the server restarts on save", example: "edit", group: "lessons"),
        .init(name: "solution", usage: "solution [apply]", summary: "show the exercise's solution, or put it in your file", example: "solution apply", group: "lessons"),
        .init(name: "progress", usage: "progress", summary: "what you have completed", example: "progress", group: "lessons"),
        .init(name: "why", usage: "why", summary: "every decision of the last request, and why", example: "why", group: "inspect"),
        .init(name: "raw", usage: "raw", summary: "the last exchange as raw HTTP", example: "raw", group: "inspect"),
        .init(name: "export", usage: "export [DIR]", summary: "everything sent so far as curl commands (+ cookies.txt) and a HAR file", example: "export handout", group: "inspect"),
        .init(name: "help", usage: "help [COMMAND]", summary: "this list, or one command with an example", example: "help get", group: "inspect"),
        .init(name: "quit", usage: "quit", summary: "leave (progress is saved); Ctrl-D too", example: "quit", group: "inspect"),
    ]

    static var names: [String] { all.map(\.name).filter { $0 != "app." } + ["exit"] }
}
