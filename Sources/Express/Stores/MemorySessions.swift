import Foundation
import OrderedCollections
import Synchronization

/// The data behind express-session's MemoryStore: session ids mapped to JSON strings in the
/// order they were first stored, expiry checked when read (express-session's session/memory.js).
final class MemorySessions: Sendable {
    private let entries = Mutex(OrderedDictionary<String, SessionStore.Entry>())
    /// Which change last stored each session held (counted from 1 for the whole store), so that
    /// a reader can tell cheaply whether a session changed since it read it (`stamp`).
    private let stamps = Mutex((count: 0, last: [String: Int]()))
    private let journal: SessionJournal
    private let now: @Sendable () -> Date

    init(journal: SessionJournal, now: @escaping @Sendable () -> Date) {
        self.journal = journal
        self.now = now
    }

    /// Every entry, expired or not: what MemoryStore's map holds right now.
    var raw: [SessionStore.Entry] { entries.withLock { Array($0.values) } }

    /// Reads a session; an expired one is deleted and reads as missing.
    func get(_ id: String, requestID: Int?) -> String? {
        let t = now()
        let (json, gone) = entries.withLock { map -> (String?, SessionStore.Entry?) in
            guard let entry = map[id] else { return (nil, nil) }
            if Self.isExpired(entry, at: t) {
                map[id] = nil
                return (nil, entry)
            }
            return (entry.json, nil)
        }
        if let gone {
            changed(id, removed: true)
            journal.record(SessionStore.Change(id: id, before: gone.json, after: nil, requestID: requestID))
        }
        return json
    }

    /// The change that last stored a session (0: the store does not hold it): equal stamps mean
    /// nothing was stored over it or removed in between (a session stored again gets a new one).
    func stamp(_ id: String) -> Int {
        stamps.withLock { $0.last[id] ?? 0 }
    }

    /// Notes a change to a session: stored anew, or removed (its stamp goes with it, so the
    /// stamps are as many as the sessions).
    private func changed(_ id: String, removed: Bool = false) {
        stamps.withLock { s in
            s.count += 1
            s.last[id] = removed ? nil : s.count
        }
    }

    func set(_ id: String, json: String, expires: Date?, requestID: Int?) {
        let before = entries.withLock { $0.updateValue(SessionStore.Entry(id: id, json: json, expires: expires), forKey: id) }
        changed(id)
        journal.record(SessionStore.Change(id: id, before: before?.json, after: json, requestID: requestID))
    }

    func destroy(_ id: String, requestID: Int?) {
        guard let entry = entries.withLock({ $0.removeValue(forKey: id) }) else { return }
        changed(id, removed: true)
        journal.record(SessionStore.Change(id: id, before: entry.json, after: nil, requestID: requestID))
    }

    func clear(requestID: Int?) {
        let gone = entries.withLock { map in
            defer { map.removeAll() }
            return Array(map.values)
        }
        for entry in gone {
            changed(entry.id, removed: true)
            journal.record(SessionStore.Change(id: entry.id, before: entry.json, after: nil, requestID: requestID))
        }
    }

    /// MemoryStore: `expires <= now` is expired (session/memory.js `getSession`).
    static func isExpired(_ e: SessionStore.Entry, at t: Date) -> Bool {
        guard let expires = e.expires else { return false }
        return expires <= t
    }
}
