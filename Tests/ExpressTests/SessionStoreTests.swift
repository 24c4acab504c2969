import Foundation
import Testing
@testable import Express

/// The MemoryStore behind express-session, and the journal `crumbs serve` prints from.
struct SessionStoreTests {
    let start = Date(timeIntervalSince1970: 1_705_320_000)

    @Test func anExpiredSessionIsRemovedWhenReadAndJournalled() {
        let clock = TestClock(start)
        let store = SessionStore(now: { clock.now })
        store.set("a", json: #"{"n":1}"#, expires: start.addingTimeInterval(60))
        store.set("b", json: #"{"n":2}"#, expires: nil)
        clock.advance(61)
        #expect(store.sessions.map(\.id) == ["b"])
        #expect(store.raw.map(\.id) == ["a", "b"])  // MemoryStore only removes it when read
        let mark = store.changeCount
        #expect(store.get("a") == nil)
        #expect(store.raw.map(\.id) == ["b"])
        #expect(store.changes(since: mark) == [SessionStore.Change(id: "a", before: #"{"n":1}"#, after: nil)])
    }

    @Test func aStampChangesWithEveryChangeToItsSessionAndWithNothingElse() {
        let clock = TestClock(start)
        let store = SessionStore(now: { clock.now })
        #expect(store.stamp("a") == 0)
        store.set("a", json: "1", expires: start.addingTimeInterval(60))
        let first = store.stamp("a")
        #expect(first != 0)
        store.set("b", json: "2", expires: nil)
        _ = store.get("a")
        #expect(store.stamp("a") == first)  // reads and other sessions leave it
        store.set("a", json: "1", expires: start.addingTimeInterval(60))  // the same JSON again
        let second = store.stamp("a")
        #expect(second != first && second != 0)
        clock.advance(61)
        _ = store.get("a")  // expired: removed as it is read
        #expect(store.stamp("a") == 0)
        store.set("a", json: "3", expires: nil)
        let third = store.stamp("a")
        #expect(third != 0 && third != first && third != second)  // stored again: a stamp of its own
        store.destroy("a")
        #expect(store.stamp("a") == 0)
        #expect(store.stamp("b") != 0)
        store.clear()
        #expect(store.stamp("b") == 0)
    }

    @Test func changesAreMergedPerSessionInTheOrderTheyFirstChanged() {
        let store = SessionStore(now: { Date(timeIntervalSince1970: 0) })
        store.set("old", json: "1", expires: nil)
        store.set("same", json: "s", expires: nil)
        store.set("gone", json: "g", expires: nil)
        let mark = store.changeCount
        store.set("new", json: "a", expires: nil)
        store.set("old", json: "2", expires: nil)
        store.set("new", json: "b", expires: nil)
        store.set("same", json: "s", expires: nil)          // saved unchanged: not a change
        store.set("brief", json: "x", expires: nil)
        store.destroy("brief")                              // added and removed: nothing to show
        store.destroy("gone")
        store.destroy("never there")
        #expect(store.changes(since: mark) == [
            SessionStore.Change(id: "new", before: nil, after: "b"),
            SessionStore.Change(id: "old", before: "1", after: "2"),
            SessionStore.Change(id: "gone", before: "g", after: nil),
        ])
        #expect(store.changes(since: store.changeCount).isEmpty)
        // Saving again keeps a session's place, as a JavaScript object keeps a key's.
        #expect(store.sessions.map(\.id) == ["old", "same", "new"])
    }

    @Test func clearRemovesEverySessionAndSaysSo() {
        let store = SessionStore(now: { Date(timeIntervalSince1970: 0) })
        store.set("a", json: "1", expires: nil)
        store.set("b", json: "2", expires: nil)
        let mark = store.changeCount
        store.clear()
        #expect(store.count == 0)
        #expect(store.changes(since: mark).map(\.id) == ["a", "b"])
        #expect(store.changes(since: mark).allSatisfy { $0.after == nil })
    }

    @Test func theJournalKeepsRecentChangesOnly() {
        let store = SessionStore(now: { Date(timeIntervalSince1970: 0) })
        for i in 0..<(2 * SessionStore.journalCapacity + 10) { store.set("s\(i)", json: "{}", expires: nil) }
        #expect(store.changeCount == 2 * SessionStore.journalCapacity + 10)
        let recent = store.changes(since: 0)
        #expect(recent.count < 2 * SessionStore.journalCapacity)
        #expect(recent.last?.id == "s\(2 * SessionStore.journalCapacity + 9)")
        #expect(store.count == 2 * SessionStore.journalCapacity + 10)
    }
}
