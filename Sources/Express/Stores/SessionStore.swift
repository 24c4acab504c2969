import Foundation

/// One session store the app created, as the tutor and `crumbs serve` see it: the sessions it
/// holds and what changed in it, whatever keeps them — express-session's MemoryStore (the
/// server's memory) or connect-sqlite3 (a table in a SQLite file). Thread-safe, so the tutor can
/// show it at any time.
///
/// Every change is also written to a journal, so `crumbs serve` can say what one request
/// changed without comparing the whole store.
public final class SessionStore: Sendable {
    /// One stored session as the tutor shows it.
    public struct Entry: Sendable, Hashable {
        public var id: String
        /// The JSON text the store holds (`JSON.stringify(session)`).
        public var json: String
        /// When the store stops handing it out: MemoryStore's `cookie.expires`, connect-sqlite3's
        /// `expired` column; `nil` for a session that never expires.
        public var expires: Date?
    }

    /// One change to one session: its JSON before and after (`nil`: not in the store).
    public struct Change: Sendable, Hashable {
        public var id: String
        public var before: String?
        public var after: String?
        /// The request that made it (0: none, as the app loaded or in a timer); nil for a call
        /// from outside an app's JavaScript.
        public var requestID: Int? = nil
    }

    /// Where a store keeps its sessions.
    public enum Kind: Sendable, Hashable {
        /// express-session's MemoryStore: in the server process's memory, gone with it.
        case memory
        /// connect-sqlite3: a table in a SQLite file, which outlives the process. `name` is the
        /// path the app gave (`./sessions.db`), `file` where it is (nil: an in-memory database).
        case sqlite(name: String, file: URL?, table: String)
    }

    enum Backend: Sendable {
        case memory(MemorySessions)
        case sqlite(SQLiteSessions)
    }

    /// At least this many recent changes are kept in the journal.
    public static let journalCapacity = 1000

    public let kind: Kind
    let backend: Backend
    let journal: SessionJournal
    private let now: @Sendable () -> Date

    /// A MemoryStore's data.
    public init(now: @escaping @Sendable () -> Date) {
        let journal = SessionJournal()
        self.journal = journal
        self.now = now
        kind = .memory
        backend = .memory(MemorySessions(journal: journal, now: now))
    }

    /// A connect-sqlite3 store: opens (creating) `file` and its table (nil: an in-memory database).
    init(sqlite file: URL?, name: String, table: String, wal: Bool, now: @escaping @Sendable () -> Date) throws(ExpressError) {
        let journal = SessionJournal()
        self.journal = journal
        self.now = now
        kind = .sqlite(name: name, file: file, table: table)
        backend = .sqlite(try SQLiteSessions(file: file, table: table, wal: wal, journal: journal))
    }

    /// The connect-sqlite3 table behind this store, if that is what it is.
    var sqlite: SQLiteSessions? {
        if case .sqlite(let table) = backend { return table }
        return nil
    }

    /// The sessions the store would still hand out, in its order. Expired ones are left where
    /// they are: MemoryStore removes them when they are read, connect-sqlite3 at its cleanup.
    public var sessions: [Entry] {
        let t = now()
        return raw.filter { !isExpired($0, at: t) }
    }

    /// Every entry, expired or not: what MemoryStore's map or connect-sqlite3's table holds now.
    public var raw: [Entry] {
        switch backend {
        case .memory(let map): map.raw
        case .sqlite(let table): table.entries
        }
    }

    public var count: Int { sessions.count }

    /// Whether the store no longer hands `entry` out at `t`: MemoryStore drops it when
    /// `expires <= now`, connect-sqlite3 reads only rows with `now <= expired`.
    public func isExpired(_ entry: Entry, at t: Date) -> Bool {
        guard let expires = entry.expires else { return false }
        switch backend {
        case .memory: return MemorySessions.isExpired(entry, at: t)
        case .sqlite: return (t.timeIntervalSince1970 * 1000).rounded(.down) > expires.timeIntervalSince1970 * 1000
        }
    }

    // MARK: MemoryStore's operations (a store of another kind ignores them)

    /// Reads a session; an expired one is deleted (a change of request `requestID`'s)
    /// and reads as missing.
    public func get(_ id: String, requestID: Int? = nil) -> String? {
        guard case .memory(let map) = backend else { return nil }
        return map.get(id, requestID: requestID)
    }

    /// The change that last stored a session, 0 when it is not held (see `MemorySessions.stamp`).
    public func stamp(_ id: String) -> Int {
        guard case .memory(let map) = backend else { return 0 }
        return map.stamp(id)
    }

    /// Stores a session's JSON with its `cookie.expires` (nil: it never expires), a change of
    /// request `requestID`'s.
    public func set(_ id: String, json: String, expires: Date?, requestID: Int? = nil) {
        guard case .memory(let map) = backend else { return }
        map.set(id, json: json, expires: expires, requestID: requestID)
    }

    public func destroy(_ id: String, requestID: Int? = nil) {
        guard case .memory(let map) = backend else { return }
        map.destroy(id, requestID: requestID)
    }

    public func clear(requestID: Int? = nil) {
        guard case .memory(let map) = backend else { return }
        map.clear(requestID: requestID)
    }

    // MARK: The journal

    /// How many changes were ever made: a mark for `changes(since:by:)`.
    public var changeCount: Int { journal.count }

    /// The changes made from mark `start` on (those still kept), one per session, in the order
    /// each session first changed: its JSON before the first and after the last. A session
    /// that ends as it began is left out. With `requestID`, only the changes that request made
    /// (those of other requests, and of none, such as a cleanup timer's, are left out).
    public func changes(since start: Int, by requestID: Int? = nil) -> [Change] {
        journal.changes(since: start, by: requestID)
    }
}
