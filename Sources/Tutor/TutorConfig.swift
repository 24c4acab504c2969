import Foundation

/// How a tutor is set up: where lessons and progress live, and how it shows things.
public struct TutorConfig: Sendable {
    /// The folder of lesson files; nil for the lessons built into crumbs.
    public var lessonsDirectory: URL?
    /// Where progress and history are kept (XDG state directory by default).
    public var stateDirectory: URL
    /// The terminal width; asked again before each output, so a resize takes effect.
    public var width: @Sendable () -> Int
    public var color: Bool
    /// Scripts, tests and lint: a clock fixed at `startDate` that moves only with `wait`, and
    /// session ids from a fixed seed.
    public var deterministic: Bool
    public var startDate: Date
    /// Seconds the browser waits for a response.
    public var timeout: TimeInterval
    /// The port for lesson servers; nil means the one app.listen asks for (3000), 0 means any free port.
    public var port: Int?
    /// The longest one call into lesson JavaScript may run.
    public var timeLimit: Double
    /// Whether progress is read and written.
    public var saveProgress: Bool
    /// Where exercise files go (`--work DIR`); nil for `work/` in the state folder.
    public var workDirectory: URL?
    /// The command `edit` runs on the exercise file: `$VISUAL`, else `$EDITOR`.
    public var editor: String?

    public init(lessonsDirectory: URL? = nil, stateDirectory: URL = TutorConfig.defaultStateDirectory,
                width: @escaping @Sendable () -> Int = { 100 }, color: Bool = false, deterministic: Bool = false,
                startDate: Date = Date(timeIntervalSince1970: 1_705_320_000), timeout: TimeInterval = 3,
                port: Int? = nil, timeLimit: Double = 2, saveProgress: Bool = true, workDirectory: URL? = nil) {
        self.lessonsDirectory = lessonsDirectory
        self.stateDirectory = stateDirectory
        self.width = width
        self.color = color
        self.deterministic = deterministic
        self.startDate = startDate
        self.timeout = timeout
        self.port = port
        self.timeLimit = timeLimit
        self.saveProgress = saveProgress
        self.workDirectory = workDirectory
        let environment = ProcessInfo.processInfo.environment
        editor = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.isEmpty }
    }

    /// Colour only on a terminal, and never with `NO_COLOR` set (https://no-color.org) or `--no-color`.
    public static func colorEnabled(environment: [String: String], isTerminal: Bool, noColorFlag: Bool) -> Bool {
        isTerminal && !noColorFlag && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb"
    }

    /// `$XDG_STATE_HOME/crumbs`, else `~/.local/state/crumbs`.
    public static var defaultStateDirectory: URL {
        let env = ProcessInfo.processInfo.environment
        if let xdg = env["XDG_STATE_HOME"], !xdg.isEmpty {
            return URL(fileURLWithPath: xdg).appendingPathComponent("crumbs")
        }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/state/crumbs")
    }
}
