import Subprocess

/// A program that exited unsuccessfully, with what it wrote to standard error.
struct CommandFailed: Error, CustomStringConvertible {
    var command: String
    var status: String
    var standardError: String
    var description: String { "\(command) failed (\(status)): \(standardError)" }
}

/// Runs a program found on `PATH` and returns its standard output; an unsuccessful exit throws.
///
/// swift-subprocess waits for the child through a pidfd, so an exit is never missed; the suite
/// used Foundation's `Process` before, whose `waitUntilExit()` could miss a short-lived child's
/// exit (seen with `tmux new-session -d`) and block the test run for good.
func runCommand(_ name: String, _ arguments: [String]) async throws -> String {
    let result = try await run(
        .name(name),
        arguments: Arguments(arguments),
        input: .none,
        output: .string(limit: 1 << 20),
        error: .string(limit: 1 << 16)
    )
    guard result.terminationStatus.isSuccess else {
        throw CommandFailed(command: ([name] + arguments).joined(separator: " "), status: "\(result.terminationStatus)",
                            standardError: result.standardError)
    }
    return result.standardOutput
}
