import Foundation
import Synchronization
import Testing

/// The loop JavaScriptCore's watchdog alone cannot reach (promise jobs that allocate nothing), in
/// the real binary, in a process of its own (were it not stopped, its thread would spin until the
/// process ended): crumbs serve stops it within the time limit, says why, answers the next
/// request, and Ctrl-C still stops serve.
@Suite(.serialized, .timeLimit(.minutes(1))) struct StuckAppTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func anAwaitLoopThatAllocatesNothingIsStoppedAndServeAnswersOn() async throws {
        // The binary built beside this test runner (as under `--scratch-path`), else .build/debug's.
        let beside = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("crumbs")
        let binary = FileManager.default.isExecutableFile(atPath: beside.path) ? beside : Self.root.appendingPathComponent(".build/debug/crumbs")
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the binary first: swift build --product crumbs")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("stuck-\(UUID()).js")
        try """
            const express = require("express");
            const app = express();
            app.get("/stuck", async (req, res) => { while (true) await null; });
            app.get("/ok", (req, res) => res.send("still here"));
            app.listen(0);
            """.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }

        let process = Process()
        process.executableURL = binary
        process.arguments = ["serve", file.path, "--port", "0"]
        let out = Pipe()
        process.standardOutput = out
        process.standardInput = FileHandle.nullDevice
        let text = Mutex("")
        out.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            text.withLock { $0 += String(decoding: data, as: UTF8.self) }
        }
        try process.run()
        defer { if process.isRunning { process.terminate() }; out.fileHandleForReading.readabilityHandler = nil }

        var port = 0
        for _ in 0..<200 where port == 0 {
            if let line = text.withLock({ $0 }).split(separator: "\n").first(where: { $0.contains("serving") }),
               let p = line.split(separator: ":").last.flatMap({ Int($0.prefix { $0.isNumber }) }) { port = p }
            try await Task.sleep(for: .milliseconds(50))
        }
        try #require(port != 0, "serve never said where it listens: \(text.withLock { $0 })")

        // The default limit is 2 s; the stuck alarm (503 to everyone) would ring 5 s after it.
        let started = ContinuousClock.now
        let stuck = try rawRequest(port: port, Array("GET /stuck HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8), timeout: 20)
        #expect(stuck.hasPrefix("HTTP/1.1 500 Internal Server Error\r\n"), "\(stuck)")
        // The limit counts the app thread's CPU time: a machine busy with the rest of the suite
        // stretches it by the clock.
        #expect(ContinuousClock.now - started < .seconds(12))
        let reply = try rawRequest(port: port, Array("GET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".utf8))
        #expect(reply.hasPrefix("HTTP/1.1 200 OK\r\n"), "\(reply)")
        #expect(reply.hasSuffix("still here"))
        try await Task.sleep(for: .milliseconds(300))
        #expect(text.withLock { $0 }.contains("stopped after 2 s: the code never finished (an endless loop?)"), "\(text.withLock { $0 })")

        kill(process.processIdentifier, SIGINT)
        for _ in 0..<100 where process.isRunning { try await Task.sleep(for: .milliseconds(50)) }
        #expect(!process.isRunning, "Ctrl-C did not stop serve")
        #expect(text.withLock { $0 }.contains("crumbs: stopped"))
    }
}
