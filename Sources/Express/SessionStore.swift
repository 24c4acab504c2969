import Foundation
import OrderedCollections
import Synchronization

/// The data behind express-session's MemoryStore: session ids mapped to JSON strings, expiry
/// checked when read (reference §6.8). Thread-safe, so the tutor can show it at any time.
///
/// Every change is also written to a journal, so `crumbs serve` can say what one request
/// changed without comparing the whole store.
public final class SessionStore: Sendable {
    /// One stored session as the tutor shows it.
    public struct Entry: Sendable, Hashable {
        public var id: String
        /// The JSON text the store holds (`JSON.stringify(session)`).
        public var json: String
        /// `cookie.expires`, or `nil` for a session that never expires.
        public var expires: Date?
    }

    /// One change to one session: its JSON before and after (`nil`: not in the store).
    public struct Change: Sendable, Hashable {
        public var id: String
        public var before: String?
        public var after: String?
    }

    /// At least this many recent changes are kept in the journal.
    public static let journalCapacity = 1000

    private struct State {
        var entries: OrderedDictionary<String, Entry> = [:]
        var journal: [Change] = []
        var dropped = 0

        mutating func record(_ change: Change) {
            guard change.before != change.after else { return }
            journal.append(change)
            if journal.count >= 2 * SessionStore.journalCapacity {
                journal.removeFirst(SessionStore.journalCapacity)
                dropped += SessionStore.journalCapacity
            }
        }
    }

    private let now: @Sendable () -> Date
    private let state = Mutex(State())

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// The sessions still alive, in the order they were first stored. Expired ones are left
    /// where they are: MemoryStore only removes them when they are read.
    public var sessions: [Entry] {
        let t = now()
        return state.withLock { $0.entries.values.filter { !Self.isExpired($0, at: t) } }
    }

    /// Every entry, expired or not: what MemoryStore's map holds right now.
    public var raw: [Entry] { state.withLock { Array($0.entries.values) } }

    public var count: Int { sessions.count }

    /// Reads a session; an expired one is deleted and reads as missing.
    public func get(_ id: String) -> String? {
        let t = now()
        return state.withLock { s in
            guard let entry = s.entries[id] else { return nil }
            if Self.isExpired(entry, at: t) {
                s.entries[id] = nil
                s.record(Change(id: id, before: entry.json, after: nil))
                return nil
            }
            return entry.json
        }
    }

    /// Stores a session's JSON with its `cookie.expires` (nil: it never expires).
    public func set(_ id: String, json: String, expires: Date?) {
        state.withLock { s in
            let before = s.entries.updateValue(Entry(id: id, json: json, expires: expires), forKey: id)
            s.record(Change(id: id, before: before?.json, after: json))
        }
    }

    public func destroy(_ id: String) {
        state.withLock { s in
            guard let entry = s.entries.removeValue(forKey: id) else { return }
            s.record(Change(id: id, before: entry.json, after: nil))
        }
    }

    public func clear() {
        state.withLock { s in
            let gone = s.entries.values
            s.entries.removeAll()
            for entry in gone { s.record(Change(id: entry.id, before: entry.json, after: nil)) }
        }
    }

    /// How many changes were ever made: a mark for `changes(since:)`.
    public var changeCount: Int { state.withLock { $0.dropped + $0.journal.count } }

    /// The changes made from mark `start` on (those still kept), one per session, in the order
    /// each session first changed: its JSON before the first and after the last. A session
    /// that ends as it began is left out.
    public func changes(since start: Int) -> [Change] {
        let recent = state.withLock { s in
            Array(s.journal[min(max(0, start - s.dropped), s.journal.count)...])
        }
        var merged: OrderedDictionary<String, Change> = [:]
        for change in recent {
            if merged[change.id] == nil {
                merged[change.id] = change
            } else {
                merged[change.id]?.after = change.after
            }
        }
        return merged.values.filter { $0.before != $0.after }
    }

    static func isExpired(_ e: Entry, at t: Date) -> Bool {
        guard let expires = e.expires else { return false }
        return expires <= t
    }
}
