import Foundation
import Testing
@testable import Express

/// crumbs' own JavaScript: `.js` files under `Sources/`, embedded at build time, valid
/// JavaScript, and running under names that point at the file and line.
@Suite struct RuntimeScriptTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every `.js` file under `Sources/`, sorted by path.
    static func scripts() throws -> [URL] {
        let sources = root.appendingPathComponent("Sources")
        let walker = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        return walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "js" }.sorted { $0.path < $1.path }
    }

    /// `node` on PATH, if there is one.
    static let node: URL? = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
        .map { URL(fileURLWithPath: String($0)).appendingPathComponent("node") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    @Test func theRuntimeIsTheFilesInItsFolderEmbeddedAsTheyAre() throws {
        let folder = Self.root.appendingPathComponent("Sources/Express/JavaScript")
        let onDisk = try Self.scripts().filter { $0.deletingLastPathComponent().standardizedFileURL == folder.standardizedFileURL }
        #expect(onDisk.map(\.lastPathComponent) == RuntimeScript.allCases.map(\.rawValue).sorted())
        for script in RuntimeScript.allCases {
            let text = try String(contentsOf: folder.appendingPathComponent(script.rawValue), encoding: .utf8)
            #expect(script.source == text, "JavaScript/\(script.rawValue) differs from what was embedded")
        }
    }

    @Test(.enabled(if: node != nil, "node is not on PATH, so the .js files under Sources/ were not checked with node --check"))
    func everyScriptUnderSourcesIsValidJavaScript() throws {
        let node = try #require(Self.node)
        let scripts = try Self.scripts()
        #expect(scripts.count >= RuntimeScript.allCases.count)
        for script in scripts {
            let process = Process()
            process.executableURL = node
            process.arguments = ["--check", script.path]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let output = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "node --check \(script.path):\n\(String(decoding: output, as: UTF8.self))")
        }
    }

    @Test func anErrorInsideCrumbsJavaScriptPointsAtTheFileAndLine() async throws {
        let app = try await makeApp("const express = require('express');\nconst app = express();\napp.listen(3000);")
        let frame = try await app.evaluate("(() => { try { express.static('public'); } catch (e) { return e.stack.split('\\n')[0]; } })()")
        // 'static@crumbs/express.js:LINE:COLUMN', quoted as the REPL shows a string.
        let place = try #require(frame.split(separator: "@").last).dropLast()
        let parts = place.split(separator: ":")
        try #require(parts.count == 3)
        #expect(parts[0] == "crumbs/express.js")
        let line = try #require(Int(parts[1]))
        let lines = RuntimeScript.express.source.split(separator: "\n", omittingEmptySubsequences: false)
        try #require(lines.indices.contains(line - 1))
        #expect(lines[line - 1].contains("express.static = (root) => { throw new TypeError("), "line \(line): \(lines[line - 1])")
    }

    /// The stores' modules run on their first require (an app that needs none starts without
    /// compiling them): connect-pg-simple's own require of pg loads that one too, each once, and
    /// the app never sees the global their scripts use while they run.
    @Test func onDemandModulesLoadOnTheirFirstRequire() async throws {
        let app = try await makeApp("""
            const express = require('express');
            const session = require('express-session');
            const app = express();
            app.listen(3000);
            """)
        // Every script is loaded one way or the other.
        #expect(Set(RuntimeScript.atStart + Array(RuntimeScript.onDemand.values) + [.stack, .prelude]) == Set(RuntimeScript.allCases))
        #expect(try await app.evaluate("typeof require('connect-pg-simple')(session)") == "'function'")
        #expect(try await app.evaluate("require('pg') === require('pg') && typeof require('pg').Pool") == "'function'")
        #expect(try await app.evaluate("typeof require('connect-sqlite3')(session)") == "'function'")
        #expect(try await app.evaluate("typeof __crumbs") == "'undefined'")
    }

    @Test func learnersStacksAndDeprecationsLeaveCrumbsFramesOut() async throws {
        let app = try await makeApp("""
            const express = require('express');
            const app = express();
            app.get('/static', (req, res) => { express.static('public'); });
            app.get('/host', (req, res) => { res.send(req.host); });
            app.listen(3000);
            """)
        _ = await app.get("/static")
        _ = await app.get("/host")
        #expect(app.console() == [
            "TypeError: express.static('public') is not available in crumbs: lesson servers have no files\n    at app.js:3:50",
            "Mon, 15 Jan 2024 12:00:00 GMT express deprecated req.host: Use req.hostname instead at app.js:4:46",
        ])
    }
}
