import Foundation
import Synchronization

/// The data behind express-session's MemoryStore: session ids mapped to JSON strings, expiry
/// checked when read (reference §6.8). Thread-safe, so the tutor can show it at any time.
public final class SessionStore: Sendable {
    /// One stored session as the tutor shows it.
    public struct Entry: Sendable, Hashable {
        public var id: String
        /// The JSON text the store holds (`JSON.stringify(session)`).
        public var json: String
        /// `cookie.expires`, or `nil` for a session that never expires.
        public var expires: Date?
    }

    private let now: @Sendable () -> Date
    private let entries = Mutex<[Entry]>([])

    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// The sessions still alive, in the order they were first stored. Expired ones are left
    /// where they are: MemoryStore only removes them when they are read.
    public var sessions: [Entry] {
        let t = now()
        return entries.withLock { $0.filter { !Self.isExpired($0, at: t) } }
    }

    /// Every entry, expired or not: what MemoryStore's map holds right now.
    public var raw: [Entry] { entries.withLock { $0 } }

    public var count: Int { sessions.count }

    /// Reads a session; an expired one is deleted and reads as missing.
    public func get(_ id: String) -> String? {
        let t = now()
        return entries.withLock { list in
            guard let i = list.firstIndex(where: { $0.id == id }) else { return nil }
            if Self.isExpired(list[i], at: t) {
                list.remove(at: i)
                return nil
            }
            return list[i].json
        }
    }

    /// Stores a session's JSON with its `cookie.expires` (nil: it never expires).
    public func set(_ id: String, json: String, expires: Date?) {
        let entry = Entry(id: id, json: json, expires: expires)
        entries.withLock { list in
            if let i = list.firstIndex(where: { $0.id == id }) { list[i] = entry } else { list.append(entry) }
        }
    }

    public func destroy(_ id: String) {
        entries.withLock { $0.removeAll { $0.id == id } }
    }

    public func clear() {
        entries.withLock { $0.removeAll() }
    }

    static func isExpired(_ e: Entry, at t: Date) -> Bool {
        guard let expires = e.expires else { return false }
        return expires <= t
    }
}
