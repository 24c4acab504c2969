import ArgumentParser

/// The `crumbs` command: parses arguments and hands over.
@main
struct Crumbs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "crumbs",
        abstract: "A terminal tutor for HTTP cookies and sessions, the way Express developers meet them.",
        version: "0.1.0",
        subcommands: [Serve.self]
    )
}
