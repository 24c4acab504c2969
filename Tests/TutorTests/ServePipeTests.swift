import Foundation
import Subprocess
import Synchronization
#if canImport(System)
import System
#else
import SystemPackage
#endif
import Testing

/// The real `crumbs serve` with its output on a pipe (as under `| tee log` or a service
/// manager): each line arrives as it is written, not when a buffer fills or the server stops.
@Suite(.serialized, .timeLimit(.minutes(1))) struct ServePipeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func aNeverAnsweringRoutesLogShowsWhileTheRequestWaits() async throws {
        let binary = builtCrumbs()
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the binary first: swift build --product crumbs")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("crumbs-pipe-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let app = dir.appendingPathComponent("app.js")
        try """
        const express = require("express");
        const app = express();
        app.get("/newpage", (req, res) => {
          console.log("newpage was called");
        });
        app.get("/later", async (req, res) => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          console.log("after the await");
          res.send("done");
        });
        app.listen(3000, () => console.log("listening"));
        """.write(to: app, atomically: true, encoding: .utf8)

        let answered = Flag()
        let result = try await Subprocess.run(
            .path(FilePath(binary.path)), arguments: ["serve", app.path, "--port", "0", "--patience", "1"],
            input: .none, output: .sequence, error: .discarded
        ) { execution in
            var lines = execution.standardOutput.strings().makeAsyncIterator()
            var seen: [String] = []
            /// Reads lines up to and including the first that satisfies `stop`.
            func read(until stop: (String) -> Bool) async throws {
                while let line = try await lines.next() {
                    seen.append(line)
                    if stop(line) { return }
                }
            }
            try await read { $0.hasPrefix("crumbs: serving") }
            let port = seen.last?.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) } ?? 0
            let waiting = Task {
                _ = try? await curl(["http://127.0.0.1:\(port)/newpage"])
                answered.set()
            }
            try await read { $0 == "  newpage was called" }
            #expect(!answered.value, "the log line came while the request was still waiting")
            try await read { $0.hasPrefix("! GET /newpage") }
            #expect(try await curl(["http://127.0.0.1:\(port)/later"]) == "done")
            try await read { $0.hasPrefix("← GET /later") }
            try execution.send(signal: .interrupt)
            try await read { _ in false }
            await waiting.value
            return seen
        }
        let seen = result.closureResult
        #expect(result.terminationStatus.isSuccess)
        #expect(seen.filter { !$0.hasPrefix("crumbs: serving") } == [
            "listening",
            "→ GET /newpage",
            "  newpage was called",
            "! GET /newpage has not answered after 1 s: the route has not sent a response yet. End it with res.send(...) (or res.json(), res.redirect(), res.end()); until then the browser waits.",
            "→ GET /later",
            "  after the await",
            "← GET /later 200 OK",
            "← GET /newpage no response (the app stopped first)",
            "crumbs: stopped",
        ])
    }
}

/// A flag one task sets and another reads.
private final class Flag: Sendable {
    private let state = Mutex(false)
    func set() { state.withLock { $0 = true } }
    var value: Bool { state.withLock { $0 } }
}
