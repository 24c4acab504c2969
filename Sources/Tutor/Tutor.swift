import Browser
import Cookies
import Express
import Foundation
import Lessons
import Serve
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
        /// Instance 1 of the app (the only one unless `scale` added more).
        var runtime: ExpressRuntime
        var server: ExpressServer
        /// In front of the app's instances: which one answers each request (`scale`, `together`).
        var balancer: Balancer
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
        /// What the store panel calls the store ("session store", "SQLite store sessions.db").
        var storeName = "session store"
        /// When the app runs as several instances: the one that answered each hop, and each
        /// instance's sessions before and after (one panel each).
        var answeredBy: [Int] = []
        var instanceStores: [InstanceStore] = []
    }

    /// One instance's sessions before and after a request.
    struct InstanceStore {
        /// What keeps them: "MemoryStore", …
        var name = "MemoryStore"
        var before: [SessionStore.Entry]
        var after: [SessionStore.Entry]
    }

    let config: TutorConfig
    public nonisolated let clock: VirtualClock
    let browser: Browser
    let randomBytes: @Sendable (Int) -> [UInt8]
    var theme: Theme
    var lessons: [Lesson] = [] {
        didSet { restartPoints = [:] }
    }
    /// Where each lesson's path starts its app afresh, and what the browser held there
    /// (`Tutor+StepState.swift`); forgotten when the lessons change.
    var restartPoints: [RestartKey: RestartPoint] = [:]
    var lessonErrors: [LessonError] = []
    /// The text of each lesson whose JavaScript is not checked yet, by file.
    var lessonTexts: [String: String] = [:]
    var progress = Progress()
    let progressStore: ProgressStore?
    /// Where the learner is (owned by the lesson flow).
    var cursor = LessonCursor()
    /// The app the tutor runs and what belongs to it (owned by the server commands).
    var appSlot = ServerSlot()
    /// What the front end is in the middle of (owned by `execute` and the REPL).
    var repl = ReplState()
    /// Exercise files of a script run without `--work`: removed at shutdown.
    let scratchWork = FileManager.default.temporaryDirectory.appendingPathComponent("crumbs-work-\(UUID().uuidString)")
    /// The apps' folders of a script run (their SQLite files): removed at shutdown.
    let scratchApps = FileManager.default.temporaryDirectory.appendingPathComponent("crumbs-apps-\(UUID().uuidString)")

    public init(config: TutorConfig) {
        self.config = config
        let clock = config.deterministic ? VirtualClock.fixed(config.startDate) : VirtualClock.system()
        self.clock = clock
        // Until an app listens, the port it will ask for (3000, or `--port`).
        self.browser = Browser(clock: clock, baseURL: CookieURL(host: "localhost", port: config.port.flatMap { $0 == 0 ? nil : $0 } ?? 3000),
                               timeout: config.timeout)
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
        try? FileManager.default.removeItem(at: scratchApps)
    }

    /// Sets where lines that happen between commands go (the REPL prints them at once).
    public func setNotify(_ handler: (@Sendable ([String]) -> Void)?) { repl.notify = handler }

    /// Runs one command line; an exercise file saved meanwhile is reloaded first.
    public func execute(_ line: String) async -> Output {
        let reloaded = cursor.replaying ? [] : await reloadExerciseIfChanged()
        let before = repl.notices + reloaded
        repl.notices = []
        var output = await dispatch(line)
        output.lines = before + output.lines
        return output
    }

    func dispatch(_ line: String) async -> Output {
        // A JavaScript block typed over several lines.
        if !repl.pendingJS.isEmpty && line.trimmingCharacters(in: .whitespaces) == ".break" {
            // Node's REPL: `.break` abandons an entry that is not finished.
            repl.pendingJS = JavaScriptEntry()
            return Output(lines: ["(the unfinished JavaScript was dropped)"])
        }
        if !repl.pendingJS.isEmpty || Self.startsJavaScript(line) {
            guard repl.pendingJS.append(line) else { return Output(lines: [], needsMore: true) }
            let source = repl.pendingJS.source
            repl.pendingJS = JavaScriptEntry()
            leavePath()
            return Output(lines: await evaluateJavaScript(source))
        }
        let words = CommandLineParser.words(line)
        guard let word = words.first else { return Output(lines: []) }
        guard let command = Self.command(named: word) else {
            var text = "unknown command \"\(word)\"."
            if let suggestion = Self.suggestion(for: word) { text += " Did you mean `\(suggestion)`?" }
            return Output(lines: [text + " `help` lists the commands."])
        }
        let arguments: CommandArguments
        do {
            arguments = try command.arguments.parse(Array(words.dropFirst()))
        } catch {
            return Output(lines: ["\(command.name): \(error) — usage: \(command.usage)"])
        }
        follow(words, effect: command.effect(arguments))
        return await logging(command.name, line: line) { await command.run(self, arguments) }
    }

    /// The closest command name to a mistyped word (a swap of two letters counts as one edit).
    static func suggestion(for word: String) -> String? {
        let word = word.lowercased()
        let names = commands.flatMap(\.names).filter { $0.count > 1 }
        guard let best = names.min(by: { distance($0, word) < distance($1, word) }), distance(best, word) <= 2 else { return nil }
        return commands.first { $0.names.contains(best) }?.name
    }

    /// Ctrl-C on a continuation line: drop the unfinished JavaScript, as Node's REPL does.
    /// Returns whether there was any.
    public func abandonEntry() -> Bool {
        defer { repl.pendingJS = JavaScriptEntry() }
        return !repl.pendingJS.isEmpty
    }

    /// What is left unfinished when input ends: a line to say so, or nil.
    public func unfinishedEntry() -> String? {
        guard !repl.pendingJS.isEmpty else { return nil }
        let count = repl.pendingJS.lines.count
        return "the JavaScript that starts with \"\(repl.pendingJS.lines[0])\" was never finished (\(count) line\(count == 1 ? "" : "s"), an unclosed bracket, comment or template string?), so it did not run."
    }

    /// Ctrl-C while a request is pending: stop waiting for it.
    public func cancelPending() -> Bool {
        guard let currentRequest = repl.currentRequest else { return false }
        currentRequest.cancel()
        return true
    }

    /// Whether a JavaScript entry is waiting for more lines.
    public var isContinuing: Bool { !repl.pendingJS.isEmpty }

    /// The prompt for a new command, whatever is pending.
    public func primaryPrompt() async -> String {
        var where_ = ""
        if let lessonIndex = cursor.lessonIndex { where_ = " \(lessonIndex + 1).\(cursor.stepIndex + 1)" }
        // The browser owns the current profile; the prompt asks it.
        let current = await browser.currentProfile
        let profile = current == Browser.defaultProfile ? "" : " as \(current)"
        return "crumbs\(where_)\(profile)> "
    }

    /// The prompt: where the learner is.
    public func prompt() async -> String {
        repl.pendingJS.isEmpty ? await primaryPrompt() : "... "
    }

    /// `help`: the commands by group; `help NAME`: one, with its aliases and an example.
    func help(_ name: String?) -> [String] {
        if let name {
            let key = name.hasSuffix(".") ? String(name.dropLast()) : name
            guard let command = Self.command(named: key) else {
                return ["no command \"\(name)\". `help` lists them."]
                    + (Self.suggestion(for: key).map { ["Did you mean `help \($0)`?"] } ?? [])
            }
            var lines = [command.usage, "  \(command.summary)"]
            if command.names.count > 1 { lines.append("  also: " + command.names.dropFirst().joined(separator: ", ")) }
            lines.append("  example: \(command.example)")
            return lines
        }
        var lines: [String] = []
        for group in TutorCommand.Group.allCases {
            lines.append(theme.paint(group.rawValue, .bold))
            for command in Self.commands where command.group == group {
                lines.append(TextLayout.truncate("  " + TextLayout.pad(command.name, 16) + command.summary, width))
            }
        }
        lines += TextLayout.wrap("JavaScript typed at the prompt (app.get(...), const …) runs in the live app; `.break` drops an unfinished entry.", width)
        lines.append("`help COMMAND` shows one command with an example.")
        return lines
    }

    /// Edit distance where swapping two neighbouring letters is one edit (`hlep` → `help`).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
