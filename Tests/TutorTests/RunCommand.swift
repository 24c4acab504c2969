import Subprocess

/// Runs a program found on `PATH` and returns its standard output.
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
        error: .discarded
    )
    return result.standardOutput
}
