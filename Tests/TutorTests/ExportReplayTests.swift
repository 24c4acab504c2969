import Browser
import Foundation
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif
import Testing
@testable import Tutor

/// The script `export` writes runs against the real `crumbs serve` of the same app and gets what
/// the tutor's browser got: the same statuses and bodies, the same cookies in the files.
@Suite(.scratch, .serialized, .timeLimit(.minutes(1))) struct ExportReplayTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func theSessionLessonsScriptReplaysAgainstCrumbsServe() async throws {
        let binary = builtCrumbs()
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the binary first: swift build --product crumbs")
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = makeTutor(state: dir)
        _ = await t.start()
        for command in ["open 1", "get /", "close", "get /newpage", "get /", "get /newpage", "as bob", "set theme=dark", "get /newpage"] {
            _ = await t.run(command)
        }
        let exchanges = await t.appSlot.log.exchanges
        _ = await t.run("export \(dir.path)")
        await t.shutdown()
        #expect(exchanges.map { $0.response?.status } == [200, 200, 200, 200, 200])
        #expect(exchanges.map { $0.response?.text } == ["session is set", "your session says: undefined", "session is set",
                                                       "your session says: this is my session", "your session says: undefined"])
        // The files the browser ended with; the script must write the same cookies.
        try FileManager.default.removeItem(at: dir.appendingPathComponent("cookies-default.txt"))
        try FileManager.default.removeItem(at: dir.appendingPathComponent("cookies-bob.txt"))

        let app = dir.appendingPathComponent(Tutor.exportApp).path
        let script = dir.appendingPathComponent(Tutor.exportScript).path
        let result = try await Subprocess.run(
            .path(FilePath(binary.path)), arguments: ["serve", app, "--port", "0"],
            input: .none, output: .sequence, error: .discarded
        ) { execution in
            var lines = execution.standardOutput.strings().makeAsyncIterator()
            var port = 0
            while let line = try await lines.next() {
                if line.hasPrefix("crumbs: serving") {
                    port = line.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) } ?? 0
                    break
                }
            }
            do {
                // From another folder: the script finds its files beside itself.
                let output = try await runCommand("env", ["PORT=\(port)", "sh", script])
                try execution.send(signal: .interrupt)
                while try await lines.next() != nil {}
                return output
            } catch {
                try? execution.send(signal: .kill)
                throw error
            }
        }
        #expect(result.terminationStatus.isSuccess)
        let sections = result.closureResult.components(separatedBy: "\n== ").dropFirst()
        #expect(sections.map { $0.prefix { $0 != "\n" } } == [
            "1. default: GET /", "2. default: GET /newpage", "3. default: GET /", "4. default: GET /newpage", "5. bob: GET /newpage",
        ])
        let statuses = sections.map { $0.components(separatedBy: "\r\n").first?.components(separatedBy: "\n").last }
        #expect(statuses == Array(repeating: "HTTP/1.1 200 OK", count: 5))
        let bodies = sections.map { $0.components(separatedBy: "\r\n\r\n").last ?? "" }
        #expect(bodies == exchanges.map { $0.response?.text ?? "" })
        let defaultJar = try String(contentsOf: dir.appendingPathComponent("cookies-default.txt"), encoding: .utf8)
        let bobJar = try String(contentsOf: dir.appendingPathComponent("cookies-bob.txt"), encoding: .utf8)
        #expect(defaultJar.contains("#HttpOnly_localhost\tFALSE\t/\tFALSE\t0\tconnect.sid\ts%3A"))
        #expect(bobJar.contains("localhost\tFALSE\t/\tFALSE\t0\ttheme\tdark"))
        #expect(!bobJar.contains("connect.sid"))
    }
}
