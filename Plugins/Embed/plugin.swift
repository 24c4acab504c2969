import Foundation
import PackagePlugin

/// Embeds text files in the module being built, so the binary carries them wherever it is
/// copied: the lessons (into `Tutor`) and crumbs' own JavaScript runtime (into `Express`).
/// The files become `Embedded.files`, a table from file name to text, generated at build time.
@main
struct Embed: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let inputs: [URL]
        switch target.name {
        case "Tutor":
            inputs = try files(in: context.package.directoryURL.appending(path: "lessons"), suffix: ".md")
                .filter { $0.lastPathComponent != "README.md" }
        default:
            inputs = try files(in: context.package.directoryURL.appending(path: "Sources/\(target.name)/JavaScript"), suffix: ".js")
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "Embedded.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) files in \(target.name)",
                executable: try context.tool(named: "EmbedTool").url,
                arguments: [output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            ),
        ]
    }

    func files(in folder: URL, suffix: String) throws -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { folder.appending(path: $0) }
    }
}
