import Cookies
import Express
import Foundation
import TerminalUI

/// The app's session stores as the tutor shows them: MemoryStore in the server's memory, or
/// connect-sqlite3's table in a SQLite file, which lives in the app's folder and outlives a
/// `restart` (but not the start of a step, which begins from an empty file).
extension Tutor {
    /// Where the apps of this tutor run: `apps/` in the state folder; a script's (deterministic)
    /// temporary folder of its own, removed at shutdown, so no file of an earlier run changes
    /// its transcript.
    var appsDirectory: URL {
        config.deterministic ? scratchApps : config.stateDirectory.appendingPathComponent("apps")
    }

    /// The folder the app runs in, one per lesson (`load` has its own): relative paths in its
    /// code start there, as from a Node process's current directory, so `new SQLiteStore()`
    /// keeps `./sessions` there.
    var appFolder: URL { appsDirectory.appendingPathComponent(currentLesson?.id ?? "load") }

    /// A step starts from the state its lesson defines: an empty folder, so no SQLite file of
    /// the learner's own path (or of another step) carries sessions into it.
    func resetAppFolder(lesson id: String) {
        try? FileManager.default.removeItem(at: appsDirectory.appendingPathComponent(id))
    }

    /// Whether a lesson's apps have written nothing in their folder (a SQLite store's file).
    func appFolderIsEmpty(lesson id: String) -> Bool {
        let contents = try? FileManager.default.contentsOfDirectory(atPath: appsDirectory.appendingPathComponent(id).path)
        return contents?.isEmpty ?? true
    }

    /// The store panel's title: what keeps the sessions and how many there are.
    var storePanelName: String {
        let kinds = distinctStores.map(\.kind)
        guard kinds.count == 1, case .sqlite(let name, let file, _) = kinds[0] else { return "session store" }
        // One file the instances share is one store.
        return file == nil ? "SQLite store (in memory)" : (storesShared ? "shared SQLite store \(name)" : "SQLite store \(name)")
    }

    /// `store`: every session of every store, and for a SQLite store where its file lives and
    /// the rows past their expiry that are still in it.
    func storeTable() -> [String] {
        guard appSlot.app != nil else { return ["no server is running."] }
        let running = instances
        // Several instances with stores of their own: each instance's, marked [1], [2], …
        guard running.count == 1 || storesShared else {
            return running.enumerated().flatMap { index, runtime in
                storeLines(runtime.stores.all).map { $0.hasPrefix(" ") ? $0 : "[\(index + 1)] " + $0 }
            }
        }
        var lines = storeLines(distinctStores)
        if storesShared, lines[0].hasSuffix("):") {
            lines[0] = lines[0].dropLast(2) + "; shared by the \(running.count) instances, each opens the same file):"
        }
        return lines
    }

    /// The `store` lines of some stores.
    func storeLines(_ stores: [SessionStore]) -> [String] {
        guard !stores.isEmpty else { return ["the session store is empty."] }
        let now = clock.now
        var lines: [String] = []
        for store in stores {
            let entries = store.sessions
            let count = "\(entries.count) session\(entries.count == 1 ? "" : "s")"
            switch store.kind {
            case .memory:
                if entries.isEmpty { lines.append("the session store is empty."); continue }
                lines.append("session store (MemoryStore, \(count)):")
            case .sqlite(_, let file, let table):
                let place = file.map { "the SQLite file \($0.path), table \(table)" } ?? "an in-memory SQLite database, table \(table)"
                lines.append("session store (connect-sqlite3: \(place), \(count)):")
            }
            for e in entries {
                lines.append("  \(e.id)" + (e.expires.map { "  expires \(CookieDate.format($0))" } ?? "  no expiry (a browser-session cookie)"))
                lines += TextLayout.wrap("    \(e.json)", width, indent: "    ")
            }
            let expired = store.raw.filter { store.isExpired($0, at: now) }
            if case .sqlite = store.kind, !expired.isEmpty {
                lines.append("  past their expiry, still in the file until connect-sqlite3's next cleanup (get skips them):")
                for e in expired {
                    lines.append("  \(e.id)  expired \(e.expires.map(CookieDate.format) ?? "")")
                }
            }
        }
        return lines
    }

    /// How many sessions each store held before a restart, to say what the restart did to them.
    func storeCounts() -> [(kind: SessionStore.Kind, count: Int)] {
        // The MemoryStores of several instances are counted together.
        var counts: [(kind: SessionStore.Kind, count: Int)] = []
        for store in distinctStores {
            if store.kind == .memory, let i = counts.firstIndex(where: { $0.kind == .memory }) {
                counts[i].count += store.sessions.count
            } else {
                counts.append((store.kind, store.sessions.count))
            }
        }
        return counts
    }

    /// What a restart did to the sessions: MemoryStore's are gone, a SQLite file's are kept.
    static func restartNote(_ before: [(kind: SessionStore.Kind, count: Int)]) -> String {
        func sessions(_ n: Int) -> String { "\(n) session\(n == 1 ? "" : "s")" }
        var parts: [String] = []
        for (kind, count) in before {
            switch kind {
            case .memory:
                parts.append("MemoryStore kept its sessions in memory, so \(sessions(count)) \(count == 1 ? "is" : "are") gone")
            case .sqlite(let name, let file, _):
                parts.append(file == nil
                    ? "the in-memory SQLite database went with the process, so \(sessions(count)) \(count == 1 ? "is" : "are") gone"
                    : "connect-sqlite3 keeps its sessions in the file \(name), so \(sessions(count)) \(count == 1 ? "is" : "are") still there")
            }
        }
        if parts.isEmpty { parts.append("MemoryStore kept its sessions in memory, so 0 sessions are gone") }
        return "server restarted: " + parts.joined(separator: "; ") + ". The browser still holds its cookies."
    }

    /// `wait`'s note on sessions whose expiry has just passed, as each kind of store treats them.
    func expiredNote(before: [SessionStore], at now: Date) -> [String] {
        var lines: [String] = []
        for store in before {
            // Those alive before the wait (the store's `raw` is read again: nothing has run since).
            let dead = store.raw.filter { store.isExpired($0, at: now) }
            guard !dead.isEmpty else { continue }
            let ids = dead.map { StorePanel.short($0.id) }.joined(separator: ", ")
            switch store.kind {
            case .memory:
                lines.append("  sessions past their expiry (MemoryStore deletes them when next read): " + ids)
            case .sqlite:
                lines.append("  sessions past their expiry (connect-sqlite3 skips them when read and deletes them at its daily cleanup): " + ids)
            }
        }
        return lines
    }

    /// A decision a store module made outside any request (connect-sqlite3 opening its file,
    /// pruning expired rows in its daily timer), which the tutor shows where it happened.
    static func isStoreNote(_ event: ServerEvent) -> Bool {
        guard event.requestID == 0, case .decision(let source) = event.kind else { return false }
        return source == "connect-sqlite3"
    }
}
