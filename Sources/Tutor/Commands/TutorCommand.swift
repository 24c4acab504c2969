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

    /// The name first, then aliases.
    var names: [String]
    var group: Group
    var usage: String
    var summary: String
    var example: String
    var arguments: ArgumentSpec = .none
    /// Completion for each positional argument, in order.
    var completion: [Completion] = []
    var run: @Sendable (isolated Tutor, CommandArguments) async -> Tutor.Output

    var name: String { names[0] }
}

extension Tutor.Output {
    init(_ lines: [String]) { self.init(lines: lines) }
}
