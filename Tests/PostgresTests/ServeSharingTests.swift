import Foundation
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif
import Testing


/// Runs curl; returns its standard output.
func curl(_ args: [String]) async throws -> String {
    let result = try await Subprocess.run(.name("curl"), arguments: Arguments(["-s", "--max-time", "5"] + args),
                                          input: .none, output: .string(limit: 1 << 20), error: .discarded)
    return result.standardOutput
}

/// Two real `crumbs serve` processes, one app file, one PostgreSQL database: a login on one is
/// found by the other, as two Node processes behind a load balancer would share it.
@Suite(.postgres, .serialized, .timeLimit(.minutes(2))) struct ServeSharingTests {
    @Test func twoServersOnOneDatabaseShareASession() async throws {
        let binary = builtCrumbs()
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the binary first: swift build --product crumbs")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("crumbs-pg-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let app = dir.appendingPathComponent("app.js")
        try """
        const express = require("express");
        const session = require("express-session");
        const PGStore = require("connect-pg-simple")(session);
        const app = express();
        // conString defaults to process.env.DATABASE_URL, as in the package.
        app.use(session({ store: new PGStore({ createTableIfMissing: true }), secret: "keyboard cat",
                          resave: false, saveUninitialized: false }));
        app.get("/login", (req, res) => { req.session.user = "ada"; res.send("hi " + req.session.user); });
        app.get("/me", (req, res) => res.send(req.session.user ? "you are " + req.session.user : "who are you?"));
        app.listen(3000);
        """.write(to: app, atomically: true, encoding: .utf8)
        let jar = dir.appendingPathComponent("cookies.txt").path

        try await TestDatabase.with { db in
            // The second server starts once the first has made the table: two stores that check
            // for it at the same moment both try to create it, and the package keeps the loser's failure.
            let seen = try await serve(binary, app, database: db.url) { a, readA in
                #expect(try await curl(["-c", jar, "-b", jar, "http://127.0.0.1:\(a)/login"]) == "hi ada")
                let printedA = try await readA { $0.hasPrefix("← GET /login") }
                return try await serve(binary, app, database: db.url) { b, readB in
                    #expect(try await curl(["-c", jar, "-b", jar, "http://127.0.0.1:\(b)/me"]) == "you are ada")
                    let printedB = try await readB { $0.hasPrefix("← GET /me") }
                    #expect(try await curl(["http://127.0.0.1:\(b)/me"]) == "who are you?")
                    return (printedA, printedB)
                }
            }
            let (printedA, printedB) = seen
            #expect(printedA.contains { $0.hasPrefix("  connect-pg-simple: set: session ") && $0.contains(" written to \"session\" (INSERT … ON CONFLICT (sid) DO UPDATE), expire ")
                && $0.hasSuffix(" (no cookie expiry and no ttl: now + one day)") })
            #expect(printedB.contains { $0.hasPrefix("  connect-pg-simple: get: session ") && $0.hasSuffix(" read from \"session\" (its expire is still ahead)") })
            #expect(try await db.rows("SELECT sess->>'user' FROM session") == [["ada"]])
        }
    }

    /// Runs `crumbs serve app --port 0` with DATABASE_URL while `body` runs with its port and a
    /// reader of its output (lines up to the first that satisfies a test), then interrupts it.
    func serve<T: Sendable>(_ binary: URL, _ app: URL, database: String,
                            _ body: (Int, _ read: (@escaping (String) -> Bool) async throws -> [String]) async throws -> T) async throws -> T {
        let result = try await Subprocess.run(
            .path(FilePath(binary.path)), arguments: ["serve", app.path, "--port", "0"],
            environment: .inherit.updating(["DATABASE_URL": database]), input: .none, output: .sequence, error: .discarded
        ) { execution in
            var lines = execution.standardOutput.strings().makeAsyncIterator()
            func read(until stop: (String) -> Bool) async throws -> [String] {
                var seen: [String] = []
                while let line = try await lines.next() {
                    seen.append(line)
                    if stop(line) { break }
                }
                return seen
            }
            let start = try await read { $0.hasPrefix("crumbs: serving") }
            let port = start.last?.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) } ?? 0
            do {
                let value = try await body(port) { stop in try await read(until: stop) }
                try execution.send(signal: .interrupt)
                _ = try await read { _ in false }
                return value
            } catch {
                try? execution.send(signal: .kill)
                throw error
            }
        }
        return result.closureResult
    }
}
