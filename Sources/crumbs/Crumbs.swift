import ArgumentParser
import Foundation
import Tutor

/// The `crumbs` command: parses arguments and hands over to the tutor.
@main
struct Crumbs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crumbs",
        abstract: "A terminal tutor for HTTP cookies and sessions, the way Express developers meet them.",
        version: "0.1.0",
        subcommands: [Start.self, Run.self, Serve.self, Lint.self],
        defaultSubcommand: Start.self
    )

    static func main() async {
        StandardStreams.ensureOpen()
        // The tutor (the default command, and `run`'s scripts) reads its lessons first.
        let arguments = CommandLine.arguments.dropFirst()
        // `serve` runs one app for as long as it is wanted; the tutor, `run` and lint start one
        // for every step, each answering a few requests.
        if arguments.first != "serve" { Tutor.prepareEngine() }
        if Start.isChosen(by: arguments) || arguments.first == "run" { Tutor.warmUp() }
        await main(nil)
    }
}

/// Options every tutor command shares.
struct TutorOptions: ParsableArguments {
    @Option(help: "A folder of lesson files to use instead of the built-in lessons (for lesson authors).")
    var lessons: String?

    @Flag(help: "No colour (NO_COLOR in the environment does the same).")
    var noColor = false

    @Option(help: "Seconds the browser waits for a response.")
    var timeout: Double = 3

    @Option(help: "The folder for exercise files (default: work/ in the state folder).")
    var work: String?

    func config(deterministic: Bool, color: Bool) -> TutorConfig {
        TutorConfig(lessonsDirectory: lessons.map { URL(fileURLWithPath: $0) },
                    width: { Terminal.width() },
                    color: TutorConfig.colorEnabled(environment: ProcessInfo.processInfo.environment, isTerminal: color, noColorFlag: noColor),
                    deterministic: deterministic, timeout: timeout, workDirectory: work.map { URL(fileURLWithPath: $0) })
    }
}

/// `crumbs` (or `crumbs start`): the interactive tutor; a pipe on standard input runs as a script.
struct Start: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start the tutor (the default).")

    @OptionGroup var options: TutorOptions

    /// Whether these arguments start the tutor: no subcommand, or `start`.
    static func isChosen(by arguments: ArraySlice<String>) -> Bool {
        guard let first = arguments.first else { return true }
        if first == "start" { return true }
        return first.hasPrefix("-") && !["-h", "--help", "--version"].contains(first)
    }

    func run() async throws {
        if isatty(STDIN_FILENO) == 0 {
            var lines: [String] = []
            while let line = readLine() { lines.append(line) }
            var config = options.config(deterministic: true, color: false)
            config.saveProgress = false
            await ScriptRunner.run(tutor: Tutor(config: config), lines: lines) { print($0) }
            return
        }
        let config = options.config(deterministic: false, color: isatty(STDOUT_FILENO) != 0)
        await InteractiveRunner.run(tutor: Tutor(config: config), historyFile: config.stateDirectory.appendingPathComponent("history"))
    }
}

/// `crumbs run FILE`: a script of tutor commands, printed as a plain transcript.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run a file of tutor commands and print the transcript.")

    @Argument(help: "A file with one command per line (# starts a comment).")
    var file: String

    @OptionGroup var options: TutorOptions

    func run() async throws {
        let script: (text: String, warning: String?)
        do {
            script = try ScriptFile.read(file)
        } catch {
            throw ValidationError("\(error)")
        }
        var config = options.config(deterministic: true, color: false)
        config.saveProgress = false
        let tutor = Tutor(config: config)
        if let warning = script.warning { print(warning) }
        await ScriptRunner.run(tutor: tutor, lines: script.text.components(separatedBy: "\n")) { print($0) }
    }
}

/// `crumbs lint [PATHS]`: checks lessons.
struct Lint: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check lesson files: parse, compile, and walk each step on the learners' paths.")

    @Argument(help: "Lesson files or folders (default: the built-in lessons).")
    var paths: [String] = []

    func run() async throws {
        let ok = await LessonLinter.run(paths: paths) { print($0) }
        if !ok { throw ExitCode(1) }
    }
}

enum Terminal {
    /// The terminal's width now (asked each time, so a resize takes effect), else $COLUMNS or 100.
    static func width() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return Int(ProcessInfo.processInfo.environment["COLUMNS"] ?? "") ?? 100
    }
}
