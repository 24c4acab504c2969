/// A tutor command, declared once: its names, help, arguments, completion and what it does.
/// Dispatch, `help`, `help NAME`, Tab completion and the unknown-command suggestion all derive
/// from `Tutor.commands`, so a command cannot run without help or be helped without running.
struct TutorCommand: Sendable {
    enum Group: String, CaseIterable, Sendable {
        case requests, browser, server, lessons, inspect
    }

    /// What Tab offers for a positional argument.
    enum Completion: Sendable, Hashable {
        case none
        case commands
        case lessons
        case routes
        case cookies
        /// Cookie names followed by `=` (`set NAME=`).
        case cookieAssignments
        case profiles
        case words([String])
    }

    /// What running a command does to the world a step starts from (the browser, the clock,
    /// the server): a step's start replays the commands that change it, and a world that
    /// only the step's own commands changed moves on to the next step without a rebuild.
    enum Effect: Sendable {
        /// Changes the world: a replay runs it.
        case changes
        /// Only shows the world or the lesson; the world stays as it was.
        case looks
        /// Leaves the step (or the tutor), or runs code that is not the lesson's: a replay
        /// never runs it.
        case leaves
    }

    /// The name first, then aliases.
    var names: [String]
    var group: Group
    var usage: String
    var summary: String
    var example: String
    var arguments: ArgumentSpec = .none
    /// Completion for each positional argument, in order.
    var completion: [Completion] = []
    /// What it does to the world, given its arguments (`jar` looks, `jar clear` changes).
    var effect: @Sendable (CommandArguments) -> Effect = { _ in .changes }
    var run: @Sendable (isolated Tutor, CommandArguments) async -> Tutor.Output

    var name: String { names[0] }
}

extension Tutor.Output {
    init(_ lines: [String]) { self.init(lines: lines) }
}
