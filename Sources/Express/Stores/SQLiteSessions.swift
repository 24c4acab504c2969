import Foundation
import GRDB

/// The table connect-sqlite3 keeps sessions in, in a SQLite file on the system's libsqlite3
/// (through GRDB): `CREATE TABLE IF NOT EXISTS sessions (sid PRIMARY KEY, expired, sess)`, one
/// row per session, `expired` in milliseconds since 1970 and `sess` the session's JSON. Each
/// operation runs the package's own SQL (connect-sqlite3 0.9, lib/connect-sqlite3.js) and
/// writes what it changed to the store's journal.
///
/// Thread-safe: GRDB's queue runs one statement at a time, so the tutor can read the file while
/// the app writes it.
final class SQLiteSessions: Sendable {
    /// The file, or nil for an in-memory database (`db: ":memory:"`).
    let file: URL?
    let table: String
    private let queue: DatabaseQueue
    private let journal: SessionJournal

    /// How long a statement waits for another connection (another `crumbs serve` on the same
    /// file) to let go of it before failing with SQLITE_BUSY.
    static let busyTimeout: TimeInterval = 1

    /// Opens (creating) the file and the table; with `wal`, first switches the file to
    /// write-ahead logging (connect-sqlite3's `concurrentDb`).
    init(file: URL?, table: String, wal: Bool, journal: SessionJournal) throws(ExpressError) {
        self.file = file
        self.table = table
        self.journal = journal
        var configuration = Configuration()
        configuration.busyMode = .timeout(Self.busyTimeout)
        configuration.label = "connect-sqlite3"
        do {
            queue = try file.map { try DatabaseQueue(path: $0.path, configuration: configuration) }
                ?? DatabaseQueue(configuration: configuration)
            try queue.inDatabase { db in
                try db.execute(sql: (wal ? "PRAGMA journal_mode = wal; " : "") + "CREATE TABLE IF NOT EXISTS \(table) (sid PRIMARY KEY, expired, sess)")
            }
        } catch {
            throw Self.failure(error)
        }
    }

    /// What `get` found for a session id.
    enum Lookup: Equatable {
        /// A row alive at the time asked: its `sess`.
        case found(String)
        /// A row whose `expired` has passed: the query skips it, the row stays.
        case expired(Double)
        case missing
    }

    /// `SELECT sess FROM sessions WHERE sid = ? AND ? <= expired`; when that finds nothing, also
    /// whether a row past its expiry is the reason.
    func get(_ sid: String, now: Double) throws(ExpressError) -> Lookup {
        try run { db in
            if let row = try Row.fetchOne(db, sql: "SELECT sess FROM \(table) WHERE sid = ? AND ? <= expired", arguments: [sid, now]) {
                return .found(Self.text(row[0]))
            }
            if let row = try Row.fetchOne(db, sql: "SELECT expired FROM \(table) WHERE sid = ?", arguments: [sid]) {
                return .expired(Self.number(row[0]) ?? .nan)
            }
            return .missing
        }
    }

    /// `INSERT OR REPLACE INTO sessions VALUES (?, ?, ?)`. The expiry is bound as a double, as
    /// node-sqlite3 binds a number beyond 32 bits.
    func set(_ sid: String, expired: Double, sess: String, requestID: Int) throws(ExpressError) {
        let before = try run { db in
            let before = try self.sess(of: sid, in: db)
            try db.execute(sql: "INSERT OR REPLACE INTO \(table) VALUES (?, ?, ?)", arguments: [sid, expired, sess])
            return before
        }
        journal.record(SessionStore.Change(id: sid, before: before, after: sess, requestID: requestID))
    }

    /// `DELETE FROM sessions WHERE sid = ?`; whether a row was deleted.
    func destroy(_ sid: String, requestID: Int) throws(ExpressError) -> Bool {
        let before = try run { db in
            let before = try self.sess(of: sid, in: db)
            try db.execute(sql: "DELETE FROM \(table) WHERE sid = ?", arguments: [sid])
            return before
        }
        guard let before else { return false }
        journal.record(SessionStore.Change(id: sid, before: before, after: nil, requestID: requestID))
        return true
    }

    /// `UPDATE sessions SET expired=? WHERE sid = ? AND ? <= expired`: only a row still alive
    /// gets the new expiry. Whether one did. The session's JSON is not rewritten.
    func touch(_ sid: String, expired: Double, now: Double) throws(ExpressError) -> Bool {
        try run { db in
            try db.execute(sql: "UPDATE \(table) SET expired=? WHERE sid = ? AND ? <= expired", arguments: [expired, sid, now])
            return db.changesCount > 0
        }
    }

    /// `SELECT * FROM sessions`: every row's `sess`, expired ones included.
    func all() throws(ExpressError) -> [String] {
        try run { db in try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { Self.text($0["sess"]) } }
    }

    /// `SELECT COUNT(*) AS count FROM sessions`: expired rows count too.
    func length() throws(ExpressError) -> Int {
        try run { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) AS count FROM \(table)") ?? 0 }
    }

    /// `DELETE FROM sessions`; how many rows went.
    func clear(requestID: Int) throws(ExpressError) -> Int {
        let gone = try run { db in
            let gone = try self.rows(in: db)
            try db.execute(sql: "DELETE FROM \(table)")
            return gone
        }
        for row in gone { journal.record(SessionStore.Change(id: row.id, before: row.json, after: nil, requestID: requestID)) }
        return gone.count
    }

    /// `DELETE FROM sessions WHERE ? > expired` (the package's `dbCleanup`); the ids it deleted.
    func cleanup(now: Double, requestID: Int) throws(ExpressError) -> [String] {
        let gone = try run { db in
            let gone = try Row.fetchAll(db, sql: "SELECT sid, sess FROM \(table) WHERE ? > expired", arguments: [now])
                .map { (id: Self.text($0[0]), json: Self.text($0[1])) }
            try db.execute(sql: "DELETE FROM \(table) WHERE ? > expired", arguments: [now])
            return gone
        }
        for row in gone { journal.record(SessionStore.Change(id: row.id, before: row.json, after: nil, requestID: requestID)) }
        return gone.map(\.id)
    }

    /// Every row, in the file's order, expired ones included; none when the file cannot be read.
    var entries: [SessionStore.Entry] {
        (try? queue.inDatabase { db in try self.rows(in: db) }) ?? []
    }

    // MARK: Reading rows

    private func rows(in db: Database) throws -> [SessionStore.Entry] {
        try Row.fetchAll(db, sql: "SELECT sid, expired, sess FROM \(table)").map { row in
            SessionStore.Entry(id: Self.text(row[0]), json: Self.text(row[2]),
                               expires: Self.number(row[1]).flatMap { $0.isFinite ? Date(timeIntervalSince1970: $0 / 1000) : nil })
        }
    }

    private func sess(of sid: String, in db: Database) throws -> String? {
        try Row.fetchOne(db, sql: "SELECT sess FROM \(table) WHERE sid = ?", arguments: [sid]).map { Self.text($0[0]) }
    }

    /// Runs statements in one transaction, so a change and what it replaced are read together.
    private func run<T>(_ body: (Database) throws -> T) throws(ExpressError) -> T {
        do {
            return try queue.write(body)
        } catch {
            throw Self.failure(error)
        }
    }

    /// A column the package reads as text: a number written by another program reads as its
    /// digits, NULL as `null` (so `JSON.parse` sees what node-sqlite3 would hand it).
    static func text(_ value: DatabaseValue) -> String {
        switch value.storage {
        case .string(let s): return s
        case .int64(let n): return String(n)
        case .double(let d): return String(d)
        case .blob(let data): return String(decoding: data, as: UTF8.self)
        case .null: return "null"
        }
    }

    static func number(_ value: DatabaseValue) -> Double? {
        switch value.storage {
        case .int64(let n): return Double(n)
        case .double(let d): return d
        case .string(let s): return Double(s)
        case .blob, .null: return nil
        }
    }

    /// SQLite's error as node-sqlite3 reports it: the primary result code's name and SQLite's message.
    static func failure(_ error: any Error) -> ExpressError {
        guard let error = error as? DatabaseError else {
            return .sqlite(code: "SQLITE_ERROR", errno: 1, message: "\(error)")
        }
        let code = Int(error.resultCode.rawValue)
        return .sqlite(code: resultCodeNames[code] ?? "SQLITE_ERROR", errno: code, message: error.message ?? "unknown error")
    }

    /// SQLite's primary result codes by number (sqlite3.h), as node-sqlite3 names them.
    static let resultCodeNames: [Int: String] = [
        1: "SQLITE_ERROR", 2: "SQLITE_INTERNAL", 3: "SQLITE_PERM", 4: "SQLITE_ABORT", 5: "SQLITE_BUSY",
        6: "SQLITE_LOCKED", 7: "SQLITE_NOMEM", 8: "SQLITE_READONLY", 9: "SQLITE_INTERRUPT", 10: "SQLITE_IOERR",
        11: "SQLITE_CORRUPT", 12: "SQLITE_NOTFOUND", 13: "SQLITE_FULL", 14: "SQLITE_CANTOPEN", 15: "SQLITE_PROTOCOL",
        16: "SQLITE_EMPTY", 17: "SQLITE_SCHEMA", 18: "SQLITE_TOOBIG", 19: "SQLITE_CONSTRAINT", 20: "SQLITE_MISMATCH",
        21: "SQLITE_MISUSE", 22: "SQLITE_NOLFS", 23: "SQLITE_AUTH", 24: "SQLITE_FORMAT", 25: "SQLITE_RANGE",
        26: "SQLITE_NOTADB",
    ]
}
