import Testing
@testable import Express

/// The event log keeps recent events, at least as many as its capacity, and counts every event
/// ever logged, so marks taken earlier stay valid.
@Suite struct EventLogTests {
    static func event(_ n: Int) -> ServerEvent { ServerEvent(kind: .note, text: "e\(n)", requestID: n) }

    @Test func aLogKeepsAtLeastItsCapacityAndCountsEverything() {
        let log = EventLog(capacity: 3)
        for n in 1...10 { log.append(Self.event(n)) }
        #expect(log.count == 10)
        #expect(log.all.map(\.text) == ["e5", "e6", "e7", "e8", "e9", "e10"])
        #expect(log.since(8).map(\.text) == ["e9", "e10"])
        // A mark from before what is kept gives what is kept.
        #expect(log.since(1).map(\.text) == ["e5", "e6", "e7", "e8", "e9", "e10"])
        #expect(log.events(forRequest: 9).map(\.text) == ["e9"])
        #expect(log.events(forRequest: 2).isEmpty)
    }

    @Test func theTutorsLogKeepsThousands() {
        #expect(EventLog().capacity == 5000)
        #expect(ExpressRuntime(source: "", now: nil).events.capacity == 5000)
    }
}
