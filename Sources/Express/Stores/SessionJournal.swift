import OrderedCollections
import Synchronization

/// What a session store changed, in order: each change to one session, its JSON before and after.
/// `crumbs serve` reads it to say what one request changed without comparing the whole store.
/// Thread-safe; it keeps the most recent changes only.
final class SessionJournal: Sendable {
    private struct State {
        var changes: [SessionStore.Change] = []
        var dropped = 0
    }

    private let state = Mutex(State())

    /// Records a change; one that leaves the session as it was is not a change.
    func record(_ change: SessionStore.Change) {
        guard change.before != change.after else { return }
        state.withLock { s in
            s.changes.append(change)
            if s.changes.count >= 2 * SessionStore.journalCapacity {
                s.changes.removeFirst(SessionStore.journalCapacity)
                s.dropped += SessionStore.journalCapacity
            }
        }
    }

    /// How many changes were ever recorded: a mark for `changes(since:by:)`.
    var count: Int { state.withLock { $0.dropped + $0.changes.count } }

    /// The changes from mark `start` on (those still kept), merged per session (see
    /// `SessionStore.changes(since:by:)`).
    func changes(since start: Int, by requestID: Int?) -> [SessionStore.Change] {
        let recent = state.withLock { s in
            Array(s.changes[min(max(0, start - s.dropped), s.changes.count)...])
        }
        let mine = requestID.map { id in recent.filter { $0.requestID == id } } ?? recent
        // One change (a request that saved one session): nothing to merge.
        guard mine.count > 1 else { return mine.filter { $0.before != $0.after } }
        var merged: OrderedDictionary<String, SessionStore.Change> = [:]
        for change in mine {
            if merged[change.id] == nil {
                merged[change.id] = change
            } else {
                merged[change.id]?.after = change.after
            }
        }
        return merged.values.filter { $0.before != $0.after }
    }
}
