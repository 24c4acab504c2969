import Foundation
import GRDB
import Testing
@testable import Express

/// connect-sqlite3 on a real SQLite file in a temporary folder of the test's own; GRDB reads the
/// file independently of the store.
@Suite struct SQLiteStoreTests {
    /// A folder for one test's files, removed when the test ends (`defer`), also when it fails.
    static func folder() -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("crumbs-sqlite-\(UUID().uuidString.prefix(8))")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Removes a test's folder. The app's SQLite connection can still be open as the test ends
    /// (its runtime outlives the `defer`) and write a journal file while the folder is removed,
    /// whose last step then fails (the folder is not empty): removed again until it is gone.
    static func remove(_ folder: URL) {
        for _ in 0..<20 where FileManager.default.fileExists(atPath: folder.path) {
            try? FileManager.default.removeItem(at: folder)
        }
    }

    /// An app whose working folder is `folder`; its timers fire when the test advances the clock.
    static func app(_ source: String, in folder: URL, clock: TestClock, bytes: CountingBytes = CountingBytes()) async throws -> ExpressRuntime {
        let runtime = ExpressRuntime(source: source, file: "app.js", now: { clock.now }, randomBytes: { bytes.next($0) },
                                     timerClock: .virtual, workingDirectory: folder)
        try await runtime.load()
        return runtime
    }

    static func source(store: String = #"new SQLiteStore({ db: "sessions.db" })"#, cookie: String = "{ maxAge: 60 * 60 * 1000 }") -> String {
        """
        const express = require("express");
        const session = require("express-session");
        const SQLiteStore = require("connect-sqlite3")(session);
        const app = express();
        app.use(session({ store: \(store), secret: "keyboard cat", resave: false, saveUninitialized: false, cookie: \(cookie) }));
        app.get("/", (req, res) => { req.session.views = (req.session.views || 0) + 1; res.send(`views: ${req.session.views}`); });
        app.get("/read", (req, res) => res.send(String(req.session.views)));
        app.get("/length", (req, res) => req.sessionStore.length((err, n) => res.send(String(n))));
        app.get("/all", (req, res) => req.sessionStore.all((err, all) => res.json(all.map(s => s.views))));
        app.get("/logout", (req, res) => req.session.destroy(() => res.send("out")));
        app.get("/clear", (req, res) => req.sessionStore.clear((err, ok) => res.send(String(ok))));
        app.listen(3000);
        """
    }

    struct Row: Equatable {
        var sid: String
        var expired: Double
        var sess: String
    }

    /// The table's rows as another program sees them, in the file's order.
    static func rows(_ file: URL, table: String = "sessions") throws -> [Row] {
        try DatabaseQueue(path: file.path).read { db in
            try GRDB.Row.fetchAll(db, sql: "SELECT sid, expired, sess FROM \(table) ORDER BY rowid").map {
                Row(sid: $0["sid"], expired: $0["expired"], sess: $0["sess"])
            }
        }
    }

    /// How the file's tables were created.
    static func tables(_ file: URL) throws -> [String] {
        try DatabaseQueue(path: file.path).read { db in
            try String.fetchAll(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table'")
        }
    }

    static let t0 = fixedNow.timeIntervalSince1970 * 1000
    static let id1 = sessionID(1), id2 = sessionID(2)

    @Test func theTableIsThePackagesInTheFileItsOptionsName() async throws {
        let folder = Self.folder()
        defer { Self.remove(folder) }
        // Without options: `./sessions` (db defaults to the table name, with no extension).
        let plain = try await Self.app(Self.source(store: "new SQLiteStore()"), in: folder, clock: TestClock())
        #expect(try Self.tables(folder.appendingPathComponent("sessions")) == ["CREATE TABLE sessions (sid PRIMARY KEY, expired, sess)"])
        #expect(plain.decisions().contains("connect-sqlite3: sessions are kept in the SQLite file \(folder.path)/sessions, table sessions (empty)"))
        // dir, db and table.
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("var"), withIntermediateDirectories: true)
        let named = try await Self.app(Self.source(store: #"new SQLiteStore({ dir: "var", db: "app.db", table: "web_sessions" })"#),
                                       in: folder, clock: TestClock())
        #expect(try Self.tables(folder.appendingPathComponent("var/app.db")) == ["CREATE TABLE web_sessions (sid PRIMARY KEY, expired, sess)"])
        #expect(named.decisions().contains("connect-sqlite3: sessions are kept in the SQLite file \(folder.path)/var/app.db, table web_sessions (empty)"))
        #expect(named.stores.all.map(\.kind) == [.sqlite(name: "var/app.db", file: folder.appendingPathComponent("var/app.db"), table: "web_sessions")])
    }

    @Test func aSessionSurvivesARestartOfTheApp() async throws {
        let folder = Self.folder()
        defer { Self.remove(folder) }
        let clock = TestClock()
        let bytes = CountingBytes()
        let first = try await Self.app(Self.source(), in: folder, clock: clock, bytes: bytes)
        let r = try #require(await first.get("/"))
        #expect(r.body == "views: 1")
        #expect(r.setCookies.map(cookiePair) == [cookie1])
        // The package's row: the id, now + maxAge as a double, the session's JSON.
        let file = folder.appendingPathComponent("sessions.db")
        #expect(try Self.rows(file) == [Row(sid: Self.id1, expired: Self.t0 + 3_600_000,
                                            sess: #"{"cookie":{"originalMaxAge":3600000,"expires":"2024-01-15T13:00:00.000Z","httpOnly":true,"path":"/"},"views":1}"#)])
        #expect(first.decisions().contains("connect-sqlite3: wrote session AQEBAQEB… to sessions.db (INSERT OR REPLACE); the row expires at Mon, 15 Jan 2024 13:00:00 GMT, when its cookie does (now + cookie.maxAge)"))
        await first.stop()

        let second = try await Self.app(Self.source(), in: folder, clock: clock, bytes: bytes)
        #expect(second.decisions().contains("connect-sqlite3: sessions are kept in the SQLite file \(file.path), table sessions (1 row already in it)"))
        let mark = second.events.count
        #expect(await second.get("/", cookie: cookie1)?.body == "views: 2")
        #expect(second.decisions(since: mark).contains("express-session: loaded session AQEBAQEB… from the SQLite store sessions.db"))
        #expect(second.stores.sessions.map(\.id) == [Self.id1])
    }

    @Test func anExpiredRowIsSkippedThenPrunedByTheDailyCleanup() async throws {
        let folder = Self.folder()
        defer { Self.remove(folder) }
        let clock = TestClock()
        let app = try await Self.app(Self.source(), in: folder, clock: clock)
        _ = await app.get("/")
        clock.advance(2 * 3600)
        // The browser's copy would have expired too; a cookie sent anyway finds the row expired.
        let mark = app.events.count
        #expect(await app.get("/", cookie: cookie1)?.body == "views: 1")
        #expect(app.decisions(since: mark).prefix(2) == [
            "connect-sqlite3: session AQEBAQEB…'s row in sessions.db expired at Mon, 15 Jan 2024 13:00:00 GMT: the query skips it (WHERE sid = ? AND now <= expired); the row stays in the file until the next cleanup",
            "express-session: session AQEBAQEB… is not in the SQLite store sessions.db (it expired or was destroyed): new session AgICAgIC…",
        ])
        let file = folder.appendingPathComponent("sessions.db")
        #expect(try Self.rows(file).map(\.sid) == [Self.id1, Self.id2])
        #expect(app.stores.sessions.map(\.id) == [Self.id2])
        #expect(await app.get("/length")?.body == "2")  // length counts the expired row too

        // A day after the app started, the cleanup timer deletes it (and the new session, which
        // expired an hour after it was saved), in no request.
        let store = try #require(app.stores.all.first)
        let journal = store.changeCount
        let timers = app.events.count
        clock.advance(22 * 3600)
        #expect(await app.advance(to: clock.now) == 1)
        #expect(app.decisions(since: timers) == [
            "connect-sqlite3: expired sessions pruned from sessions.db: AQEBAQEB…, AgICAgIC… (DELETE … WHERE now > expired; connect-sqlite3 runs it when it opens the file, then once a day)",
        ])
        #expect(try Self.rows(file) == [])
        #expect(store.changes(since: journal).map(\.id) == [Self.id1, Self.id2])
        #expect(store.changes(since: journal).map(\.requestID) == [0, 0])
        // `crumbs serve` leaves it out of a request's changes.
        #expect(store.changes(since: journal, by: 9) == [])
    }

    @Test func openingTheFilePrunesWhatExpiredWhileTheAppWasDown() async throws {
        let folder = Self.folder()
        defer { Self.remove(folder) }
        let clock = TestClock()
        let first = try await Self.app(Self.source(), in: folder, clock: clock)
        _ = await first.get("/")
        await first.stop()
        clock.advance(2 * 3600)
        let second = try await Self.app(Self.source(), in: folder, clock: clock)
        #expect(second.decisions().filter { $0.hasPrefix("connect-sqlite3") } == [
            "connect-sqlite3: sessions are kept in the SQLite file \(folder.path)/sessions.db, table sessions (1 row already in it)",
            "connect-sqlite3: expired sessions pruned from sessions.db: AQEBAQEB… (DELETE … WHERE now > expired; connect-sqlite3 runs it when it opens the file, then once a day)",
        ])
        #expect(try Self.rows(folder.appendingPathComponent("sessions.db")) == [])
    }

    @Test func touchMovesOnlyTheExpiryOfALiveRowWithACookieExpiry() async throws {
        let folder = Self.folder()
        defer { Self.remove(folder) }
        let clock = TestClock()
        let app = try await Self.app(Self.source(cookie: "{ maxAge: 60000 }"), in: folder, clock: clock)
        _ = await app.get("/")
        clock.advance(10)
        let mark = app.events.count
        #expect(await app.get("/read", cookie: cookie1)?.body == "1")
        #expect(app.decisions(since: mark).filter { $0.contains("touch") || $0.hasPrefix("connect-sqlite3") } == [
            "express-session: touched session AQEBAQEB…: unmodified, so only its expiry is refreshed in the store; the browser's cookie keeps its old Expires (only rolling would send a new one), so the store's copy now outlives the browser's",
            "connect-sqlite3: session AQEBAQEB…'s row in sessions.db now expires at Mon, 15 Jan 2024 12:01:10 GMT (its cookie's new expiry)",
        ])
        // The expiry moved; the JSON the package wrote at the save is left as it was.
        #expect(try Self.rows(folder.appendingPathComponent("sessions.db")) == [
            Row(sid: Self.id1, expired: Self.t0 + 70_000,
                sess: #"{"cookie":{"originalMaxAge":60000,"expires":"2024-01-15T12:01:00.000Z","httpOnly":true,"path":"/"},"views":1}"#),
        ])
    }

    @Test func withoutMaxAgeARowLastsOneDayAndTouchLeavesIt() async throws {
        let folder = Self.folder()
        defer { Self.remove(folder) }
        let clock = TestClock()
        let app = try await Self.app(Self.source(cookie: "{}"), in: folder, clock: clock)
        _ = await app.get("/")
        clock.advance(3600)
        let mark = app.events.count
        #expect(await app.get("/read", cookie: cookie1)?.body == "1")
        #expect(app.decisions(since: mark).filter { $0.contains("touch") || $0.hasPrefix("connect-sqlite3") } == [
            "express-session: touched session AQEBAQEB…: unmodified and its cookie has no maxAge, so there is no expiry to refresh; the browser drops its cookie when it closes",
            "connect-sqlite3: a cookie without maxAge has no expiry to refresh, so touch leaves session AQEBAQEB…'s row in sessions.db as it is: it expires one day after it was last saved, however often the browser comes back",
        ])
        #expect(try Self.rows(folder.appendingPathComponent("sessions.db")).map(\.expired) == [Self.t0 + 86_400_000])
    }

    @Test func lengthAllDestroyAndClear() async throws {
        let folder = Self.folder()
        defer { Self.remove(folder) }
        let app = try await Self.app(Self.source(), in: folder, clock: TestClock())
        _ = await app.get("/")
        _ = await app.get("/")
        _ = await app.get("/", cookie: cookie1)
        #expect(await app.get("/length")?.body == "2")
        // File order: INSERT OR REPLACE deleted session 1's row and inserted it again, last.
        #expect(await app.get("/all")?.body == "[1,2]")
        let file = folder.appendingPathComponent("sessions.db")
        var mark = app.events.count
        #expect(await app.get("/logout", cookie: cookie1)?.body == "out")
        #expect(app.decisions(since: mark).last == "connect-sqlite3: deleted session AQEBAQEB…'s row from sessions.db")
        #expect(try Self.rows(file).map(\.sid) == [Self.id2])
        mark = app.events.count
        #expect(await app.get("/clear")?.body == "true")
        #expect(app.decisions(since: mark).contains("connect-sqlite3: deleted every row of sessions.db (1)"))
        #expect(try Self.rows(file) == [])
        #expect(await app.get("/length")?.body == "0")
    }

    @Test func callbacksComeLaterAsFromNodeSqlite3() async throws {
        let folder = Self.folder()
        defer { Self.remove(folder) }
        let app = try await Self.app(Self.source(), in: folder, clock: TestClock())
        #expect(try await app.evaluate("""
            globalThis.order = [];
            const store = new SQLiteStore({ db: "other.db" });
            store.set("x", { cookie: { maxAge: 1000 }, n: 1 }, () => order.push("set"));
            store.get("x", (err, s) => order.push("get " + s.n));
            store.length((err, n) => order.push("length " + n));
            store.touch("x", { cookie: {} }, () => order.push("touch without an expiry: at once"));
            store.destroy("x", () => order.push("destroy"));
            order.push("sync");
            order.length
            """) == "2")
        #expect(try await app.evaluate("JSON.stringify(order)")
                == #"'["touch without an expiry: at once","sync","set","get 1","length 1","destroy"]'"#)
    }

    @Test func aFolderThatDoesNotExistStopsTheAppAsNodeSqlite3Does() async throws {
        let folder = Self.folder()
        defer { Self.remove(folder) }
        do {
            _ = try await Self.app(Self.source(store: #"new SQLiteStore({ dir: "./var/db" })"#), in: folder, clock: TestClock())
            Issue.record("the app loaded")
        } catch {
            guard let failure = error as? ExpressError, case .code(let js) = failure else { Issue.record("\(error)"); return }
            #expect(js.message == "Error: SQLITE_CANTOPEN: unable to open database file")
        }
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("var").path))
    }

    @Test func concurrentDbTurnsOnWriteAheadLoggingAndConcurrentDBIsNotRead() async throws {
        let folder = Self.folder()
        defer { Self.remove(folder) }
        let wal = try await Self.app(Self.source(store: #"new SQLiteStore({ db: "wal.db", concurrentDb: true })"#), in: folder, clock: TestClock())
        let readme = try await Self.app(Self.source(store: #"new SQLiteStore({ db: "readme.db", concurrentDB: true })"#), in: folder, clock: TestClock())
        func mode(_ name: String) throws -> String? {
            try DatabaseQueue(path: folder.appendingPathComponent(name).path).read { try String.fetchOne($0, sql: "PRAGMA journal_mode") }
        }
        #expect(try mode("wal.db") == "wal")
        #expect(try mode("readme.db") == "delete")
        #expect(wal.decisions().contains("connect-sqlite3: concurrentDb: the file is in write-ahead-log mode (PRAGMA journal_mode = wal), so readers do not wait for a writer"))
        #expect(readme.decisions().contains("connect-sqlite3: the concurrentDB option is not read: connect-sqlite3 reads concurrentDb (its README spells it concurrentDB), so the file keeps its rollback journal"))
    }

    @Test func anInMemoryDatabaseIsGoneWithTheApp() async throws {
        let folder = Self.folder()
        defer { Self.remove(folder) }
        let clock = TestClock()
        let first = try await Self.app(Self.source(store: #"new SQLiteStore({ db: ":memory:" })"#), in: folder, clock: clock)
        #expect(await first.get("/")?.body == "views: 1")
        #expect(first.stores.all.map(\.kind) == [.sqlite(name: ":memory:", file: nil, table: "sessions")])
        let second = try await Self.app(Self.source(store: #"new SQLiteStore({ db: ":memory:" })"#), in: folder, clock: clock)
        #expect(await second.get("/", cookie: cookie1)?.body == "views: 1")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == [])
    }

    @Test(arguments: [
        ("./sessions.db", "/w/sessions.db"), ("sessions", "/w/sessions"), ("./var/../db/s.db", "/w/db/s.db"),
        ("/app/sessions", "/w/sessions"), ("/app", "/w"), ("/srv/app.db", "/srv/app.db"),
        (":memory:", nil), ("./:memory:", nil), ("file:s?mode=memory", nil),
    ] as [(String, String?)])
    func theFileIsFoundFromTheAppsFolder(path: String, file: String?) {
        #expect(NativeHost.sqliteFile(path, in: URL(fileURLWithPath: "/w"))?.path == file)
    }
}
