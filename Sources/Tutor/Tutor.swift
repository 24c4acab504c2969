import Browser
import Cookies
import Express
import Foundation
import Lessons
import TerminalUI

/// The tutor: lessons, a simulated browser and a live Express server, driven by commands.
/// Front ends (the readline REPL, scripts, tests) call `execute` and print what it returns.
public actor Tutor {
    /// What a command produced.
    public struct Output: Sendable {
        public var lines: [String]
        public var quit = false
        /// The command needs more lines (an open JavaScript block).
        public var needsMore = false
    }

    /// The app the current step (or `load`) runs.
    struct RunningApp {
        var runtime: ExpressRuntime
        var server: ExpressServer
        var code: String
        var file: String
        var port: Int
        /// JavaScript typed at the prompt since the app started.
        var typed: [String] = []
        /// The app.use calls it made while loading, in order.
        var middleware: [String] = []
    }

    /// The last request and what surrounded it, for `why`, `raw` and goals.
    struct LastExchange {
        var exchange: Exchange
        var events: [ServerEvent]
        var storeBefore: [SessionStore.Entry]
        var storeAfter: [SessionStore.Entry]
    }

    let config: TutorConfig
    public nonisolated let clock: VirtualClock
    let browser: Browser
    let randomBytes: @Sendable (Int) -> [UInt8]
    var theme: Theme
    var lessons: [Lesson] = []
    var lessonErrors: [LessonError] = []
    var progress = Progress()
    let progressStore: ProgressStore?
    var lessonIndex: Int?
    var stepIndex = 0
    var app: RunningApp?
    var last: LastExchange?
    /// The requests of the current step with what came of them: what goals look at.
    var stepExchanges: [(request: BrowserRequest, exchange: Exchange)] = []
    var allExchanges: [Exchange] = []
    var stepLogMark = 0
    var goalsAnnounced = false
    /// The earlier steps' commands are being replayed to build a step's starting state.
    var replaying = false
    /// Why the step's server did not start, when its code failed.
    var serverProblem: String?
    var currentRequest: Task<Exchange, any Error>?
    /// JavaScript typed over several lines, not yet complete.
    var pendingJS = JavaScriptEntry()
    /// Exercise files of a script run without `--work`: removed at shutdown.
    let scratchWork = FileManager.default.temporaryDirectory.appendingPathComponent("crumbs-work-\(UUID().uuidString)")
    /// The exercise the current step runs, if it is one.
    var exercise: ExerciseSlot?
    /// Lines to show with the next command's output (an exercise reloaded meanwhile).
    var notices: [String] = []
    /// The exercise reload in progress, if any: reloads run one after another.
    var reloading: Task<[String], Never>?
    /// Where lines go that happen between commands (set by the REPL); nil: with the next output.
    var notify: (@Sendable ([String]) -> Void)?
    /// The browser's current profile, kept here for the prompt.
    var currentProfileName = Browser.defaultProfile

    public init(config: TutorConfig) {
        self.config = config
        let clock = config.deterministic ? VirtualClock.fixed(config.startDate) : VirtualClock.system()
        self.clock = clock
        self.browser = Browser(clock: clock, baseURL: CookieURL(host: "localhost", port: 3000), timeout: config.timeout)
        if config.deterministic {
            let seeded = SeededRandom(seed: 2024)
            randomBytes = { seeded.bytes($0) }
        } else {
            randomBytes = ExpressRuntime.systemRandomBytes
        }
        theme = Theme(color: config.color)
        progressStore = config.saveProgress ? ProgressStore(file: config.stateDirectory.appendingPathComponent("progress.json")) : nil
    }

    var width: Int { max(40, config.width()) }

    /// Loads lessons and progress; returns the welcome, and the step where the learner left off.
    public func start() async -> [String] {
        var lines = ["crumbs — cookies and sessions, the way Express developers meet them. Type `help` for commands."]
        loadLessons()
        for error in lessonErrors { lines.append(theme.paint("lesson error: ", .warning) + error.description) }
        if let store = progressStore {
            let (loaded, problem) = store.load()
            progress = loaded
            if let problem { lines.append(theme.paint(problem, .warning)) }
        }
        if let id = progress.lesson, let index = lessons.firstIndex(where: { $0.id == id }) {
            lines.append("Welcome back: resuming lesson \(index + 1), step \(progress.step + 1).")
            lines += await enter(lesson: index, step: min(progress.step, lessons[index].steps.count - 1), announce: true)
        } else if !lessons.isEmpty {
            lines.append("")
            lines += lessonList()
            lines.append("")
            lines.append("Type `open 1` to begin.")
        } else {
            lines.append("No lessons found in \(config.lessonsDirectory?.path ?? "crumbs itself"). `load FILE.js` runs your own app.")
        }
        return lines
    }

    /// Stops the server and saves progress.
    public func shutdown() async {
        stopExercise()
        await stopApp()
        saveProgress()
        try? FileManager.default.removeItem(at: scratchWork)
    }

    /// Sets where lines that happen between commands go (the REPL prints them at once).
    public func setNotify(_ handler: (@Sendable ([String]) -> Void)?) { notify = handler }

    /// Runs one command line; an exercise file saved meanwhile is reloaded first.
    public func execute(_ line: String) async -> Output {
        let reloaded = replaying ? [] : await reloadExerciseIfChanged()
        let before = notices + reloaded
        notices = []
        var output = await dispatch(line)
        output.lines = before + output.lines
        return output
    }

    func dispatch(_ line: String) async -> Output {
        // A JavaScript block typed over several lines.
        if !pendingJS.isEmpty && line.trimmingCharacters(in: .whitespaces) == ".break" {
            // Node's REPL: `.break` abandons an entry that is not finished.
            pendingJS = JavaScriptEntry()
            return Output(lines: ["(the unfinished JavaScript was dropped)"])
        }
        if !pendingJS.isEmpty || Self.startsJavaScript(line) {
            guard pendingJS.append(line) else { return Output(lines: [], needsMore: true) }
            let source = pendingJS.source
            pendingJS = JavaScriptEntry()
            return Output(lines: await evaluateJavaScript(source))
        }
        let words = CommandLineParser.words(line)
        guard let command = words.first else { return Output(lines: []) }
        let args = Array(words.dropFirst())
        switch command.lowercased() {
        case "quit", "exit", ".exit":
            return Output(lines: [progressStore == nil ? "Bye." : "Bye. Your progress is saved."], quit: true)
        case "help", "?": return Output(lines: help(args.first))
        case "get", "post", "put", "patch", "delete", "head", "options":
            return Output(lines: await request(method: command.uppercased(), args))
        case "jar", "cookies": return Output(lines: await jarTable())
        case "document.cookie":
            if args.first == "=" { return Output(lines: await assignDocumentCookie(args.dropFirst().joined(separator: " "))) }
            return Output(lines: await documentCookie())
        case "set": return Output(lines: await setCookie(args))
        case "edit": return Output(lines: await edit())
        case "solution": return Output(lines: await solution(args))
        case "unset", "rm": return Output(lines: await unsetCookie(args))
        case "close": return Output(lines: await closeBrowser())
        case "clear": return Output(lines: await clearJar())
        case "as": return Output(lines: await switchProfile(args))
        case "wait": return Output(lines: await wait(args))
        case "thirdparty", "third-party": return Output(lines: await thirdParty(args))
        case "browser": return Output(lines: await switchBrowser(args))
        case "store", "sessions": return Output(lines: storeTable())
        case "log": return Output(lines: logLines())
        case "routes": return Output(lines: await routeList())
        case "code": return Output(lines: codeListing())
        case "restart": return Output(lines: await restart())
        case "load": return Output(lines: await loadFile(args))
        case "lessons": return Output(lines: lessonList())
        case "open": return Output(lines: await open(args))
        case "next": return Output(lines: await move(by: 1))
        case "back", "prev": return Output(lines: await move(by: -1))
        case "step": return Output(lines: await goToStep(args))
        case "read": return Output(lines: readStep())
        case "hint": return Output(lines: hint())
        case "check": return Output(lines: await check())
        case "reset": return Output(lines: await reset(args))
        case "progress": return Output(lines: progressReport())
        case "why": return Output(lines: why())
        case "raw": return Output(lines: raw())
        case "export": return Output(lines: await export(args))
        default:
            let suggestion = CommandHelp.names.min { Self.distance($0, command) < Self.distance($1, command) }
            var text = "unknown command \"\(command)\"."
            if let suggestion, Self.distance(suggestion, command) <= 2 { text += " Did you mean `\(suggestion)`?" }
            return Output(lines: [text + " `help` lists the commands."])
        }
    }

    /// Ctrl-C on a continuation line: drop the unfinished JavaScript, as Node's REPL does.
    /// Returns whether there was any.
    public func abandonEntry() -> Bool {
        defer { pendingJS = JavaScriptEntry() }
        return !pendingJS.isEmpty
    }

    /// What is left unfinished when input ends: a line to say so, or nil.
    public func unfinishedEntry() -> String? {
        guard !pendingJS.isEmpty else { return nil }
        let count = pendingJS.lines.count
        return "the JavaScript that starts with \"\(pendingJS.lines[0])\" was never finished (\(count) line\(count == 1 ? "" : "s"), an unclosed bracket, comment or template string?), so it did not run."
    }

    /// Ctrl-C while a request is pending: stop waiting for it.
    public func cancelPending() -> Bool {
        guard let currentRequest else { return false }
        currentRequest.cancel()
        return true
    }

    /// Whether a JavaScript entry is waiting for more lines.
    public var isContinuing: Bool { !pendingJS.isEmpty }

    /// The prompt for a new command, whatever is pending.
    public func primaryPrompt() -> String {
        var where_ = ""
        if let lessonIndex { where_ = " \(lessonIndex + 1).\(stepIndex + 1)" }
        let profile = currentProfileName == Browser.defaultProfile ? "" : " as \(currentProfileName)"
        return "crumbs\(where_)\(profile)> "
    }

    /// The prompt: where the learner is.
    public func prompt() -> String {
        pendingJS.isEmpty ? primaryPrompt() : "... "
    }

    func help(_ name: String?) -> [String] {
        if let name {
            guard let entry = CommandHelp.all.first(where: { $0.name == name || $0.name == name + "." }) else {
                return ["no command \"\(name)\". `help` lists them."]
            }
            return ["\(entry.usage)", "  \(entry.summary)", "  example: \(entry.example)"]
        }
        var lines: [String] = []
        for group in ["requests", "browser", "server", "lessons", "inspect"] {
            lines.append(theme.paint(group, .bold))
            for entry in CommandHelp.all where entry.group == group {
                lines.append(TextLayout.truncate("  " + TextLayout.pad(entry.name, 16) + entry.summary, width))
            }
        }
        lines.append("`help COMMAND` shows one command with an example.")
        return lines
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(1, a.count) where !a.isEmpty {
            var prev = row[0]
            row[0] = i
            for j in 1...max(1, b.count) where !b.isEmpty {
                let cur = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                prev = cur
            }
        }
        return row[b.count]
    }
}
