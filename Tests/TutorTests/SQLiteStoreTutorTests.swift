import Foundation
import Subprocess
#if canImport(System)
import System
#else
import SystemPackage
#endif
import Testing
@testable import Tutor

/// connect-sqlite3 in the tutor and in `crumbs serve`: the file outlives a restart, the store
/// panel and `store` say where it is, and a step starts from an empty file.
@Suite(.scratch, .timeLimit(.minutes(1))) struct SQLiteStoreTutorTests {
    static func app(store: String?) -> String {
        """
        const express = require("express");
        const session = require("express-session");
        const SQLiteStore = require("connect-sqlite3")(session);
        const app = express();
        app.use(session({
          \(store.map { "store: \($0)," } ?? "")
          resave: false,
          saveUninitialized: false,
          secret: "keyboard cat",
          cookie: { maxAge: 60 * 60 * 1000 },
        }));
        app.get("/", (req, res) => {
          req.session.views = (req.session.views || 0) + 1;
          res.send(`views: ${req.session.views}`);
        });
        app.listen(3000);
        """
    }

    /// Writes the app to a file of the test's own; returns its path.
    static func file(store: String?) throws -> String {
        let file = temporaryDirectory().appendingPathComponent("app.js")
        try app(store: store).write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func restartKeepsTheSessionsOfASQLiteFileAndLosesMemoryStores() async throws {
        let sqlite = makeTutor()
        _ = await sqlite.run("load \(try Self.file(store: #"new SQLiteStore({ db: "sessions.db" })"#))")
        _ = await sqlite.run("get /")
        _ = await sqlite.run("get /")
        #expect(await sqlite.run("restart").hasSuffix(
            "server restarted: connect-sqlite3 keeps its sessions in the file sessions.db, so 1 session is still there. The browser still holds its cookies."))
        #expect(await sqlite.run("get /").contains("← 200 OK · text/html · \"views: 3\""))

        let memory = makeTutor()
        _ = await memory.run("load \(try Self.file(store: nil))")
        _ = await memory.run("get /")
        _ = await memory.run("get /")
        #expect(await memory.run("restart").hasSuffix(
            "server restarted: MemoryStore kept its sessions in memory, so 1 session is gone. The browser still holds its cookies."))
        #expect(await memory.run("get /").contains("← 200 OK · text/html · \"views: 1\""))
    }

    @Test func thePanelAndStoreSayWhereTheFileIsAndWaitFiresTheCleanup() async throws {
        let t = makeTutor()
        let loaded = await t.run("load \(try Self.file(store: #"new SQLiteStore({ db: "sessions.db" })"#))")
        let file = await t.appFolder.appendingPathComponent("sessions.db").path
        #expect(loaded.hasSuffix("\n  connect-sqlite3: sessions are kept in the SQLite file \(file), table sessions (empty)"))
        let first = await t.run("get /")
        #expect(first.contains("── SQLite store sessions.db · 1 session ──"))
        #expect(first.contains("  connect-sqlite3: wrote session 1eyO-OyP… to sessions.db (INSERT OR REPLACE); the row expires at\n    Mon, 15 Jan 2024 13:00:00 GMT, when its cookie does (now + cookie.maxAge)"))
        #expect(await t.run("store") == """
            session store (connect-sqlite3: the SQLite file \(file), table sessions, 1 session):
              1eyO-OyPbZ_S8hEVuzDkGH-l21i_fG9M  expires Mon, 15 Jan 2024 13:00:00 GMT
                {"cookie":{"originalMaxAge":3600000,"expires":"2024-01-15T13:00:00.000Z","httpOnly":true,"path":
                "/"},"views":1}
            """)
        _ = await t.run("wait 2h")
        #expect(await t.run("store") == """
            session store (connect-sqlite3: the SQLite file \(file), table sessions, 0 sessions):
              past their expiry, still in the file until connect-sqlite3's next cleanup (get skips them):
              1eyO-OyPbZ_S8hEVuzDkGH-l21i_fG9M  expired Mon, 15 Jan 2024 13:00:00 GMT
            """)
        #expect(await t.run("wait 1d") == """
            time moves on 1 day: it is now Tue, 16 Jan 2024 14:00:00 GMT
              sessions past their expiry (connect-sqlite3 skips them when read and deletes them at its daily cleanup): 1eyO-OyP…
              the server's timers that fell due fired: 1
              connect-sqlite3: expired sessions pruned from sessions.db: 1eyO-OyP… (DELETE … WHERE now > expired; connect-sqlite3 runs it when it opens the file, then once a day)
            """)
        #expect(await t.run("store") == "session store (connect-sqlite3: the SQLite file \(file), table sessions, 0 sessions):")
        // The folder is the tutor's own, gone with it.
        await t.shutdown()
        #expect(!FileManager.default.fileExists(atPath: file))
    }

    @Test func enteringAStepStartsFromAnEmptyFileAndRestartKeepsIt() async throws {
        let t = makeTutor()
        _ = await t.start()
        _ = await t.run("open 14")
        let entered = await t.run("step 2")
        #expect(entered.contains("connect-sqlite3: sessions are kept in the SQLite file ") && entered.contains(", table sessions (empty)"))
        _ = await t.run("get /")
        _ = await t.run("get /")
        #expect(await t.run("restart").contains("so 1 session is still there"))
        #expect(await t.run("get /").contains("← 200 OK · text/html · \"views: 3\""))
        // Entering the step again puts back the lesson's state: the file starts empty.
        let again = await t.run("step 2")
        #expect(again.contains(", table sessions (empty)"))
        #expect(await t.run("store").hasSuffix(", table sessions, 0 sessions):"))
    }

    /// `crumbs serve` twice in one folder: the second process finds the first one's session.
    @Test func aSessionSurvivesARestartOfCrumbsServe() async throws {
        let binary = builtCrumbs()
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build the binary first: swift build --product crumbs")
        let dir = temporaryDirectory()
        try Self.app(store: "new SQLiteStore()").write(to: dir.appendingPathComponent("app.js"), atomically: true, encoding: .utf8)
        let jar = dir.appendingPathComponent("cookies.txt").path

        /// Runs `crumbs serve app.js` in `dir`, sends `requests` GETs to /, stops it; returns the
        /// bodies and what it printed.
        func serve(_ requests: Int) async throws -> ([String], [String]) {
            let result = try await Subprocess.run(
                .path(FilePath(binary.path)), arguments: ["serve", "app.js", "--port", "0"],
                workingDirectory: FilePath(dir.path), input: .none, output: .sequence, error: .discarded
            ) { execution in
                var lines = execution.standardOutput.strings().makeAsyncIterator()
                var seen: [String] = []
                func read(until stop: (String) -> Bool) async throws {
                    while let line = try await lines.next() {
                        seen.append(line)
                        if stop(line) { return }
                    }
                }
                try await read { $0.hasPrefix("crumbs: serving") }
                let port = seen.last?.split(separator: ":").last.flatMap { Int($0.prefix { $0.isNumber }) } ?? 0
                var bodies: [String] = []
                for _ in 0..<requests {
                    bodies.append(try await curl(["-c", jar, "-b", jar, "http://127.0.0.1:\(port)/"]))
                    try await read { $0.hasPrefix("← GET /") }
                }
                try execution.send(signal: .interrupt)
                try await read { _ in false }
                return (bodies, seen)
            }
            #expect(result.terminationStatus.isSuccess)
            return result.closureResult
        }

        let (first, _) = try await serve(2)
        #expect(first == ["views: 1", "views: 2"])
        let (second, printed) = try await serve(1)
        #expect(second == ["views: 3"])
        #expect(printed.first == "connect-sqlite3: sessions are kept in the SQLite file \(dir.path)/sessions, table sessions (1 row already in it)")
        #expect(printed.contains { $0.hasPrefix("  express-session: loaded session ") && $0.hasSuffix(" from the SQLite store sessions") })
        #expect(printed.contains { $0.hasPrefix("  store ~ ") && $0.hasSuffix(#","views":3}"#) })
    }
}
