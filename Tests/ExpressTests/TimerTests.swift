import Foundation
import Synchronization
import Testing
@testable import Express

let timerApp = """
const express = require("express");
const app = express();
app.get("/", (req, res) => res.send("ok"));
app.listen(3000);
"""

@Suite struct TimerTests {
    func virtualApp(_ clock: TestClock) async throws -> ExpressRuntime {
        let runtime = ExpressRuntime(source: timerApp, now: { clock.now }, timerClock: .virtual)
        try await runtime.load()
        return runtime
    }

    @Test func virtualTimersFireInOrderWhenTheClockIsAdvanced() async throws {
        let clock = TestClock()
        let app = try await virtualApp(clock)
        _ = try await app.evaluate("""
            globalThis.seen = [];
            setTimeout(() => seen.push('b@' + (Date.now() - \(Int(fixedNow.timeIntervalSince1970 * 1000)))), 2000);
            setTimeout(() => seen.push('a@' + (Date.now() - \(Int(fixedNow.timeIntervalSince1970 * 1000)))), 1000);
            const cancelled = setTimeout(() => seen.push('never'), 500);
            clearTimeout(cancelled);
            0
            """)
        #expect(await app.advance(to: fixedNow.addingTimeInterval(0.999)) == 0)
        #expect(try await app.evaluate("seen") == "[]")
        clock.advance(3)
        #expect(await app.advance(to: clock.now) == 2)
        #expect(try await app.evaluate("seen") == "[ 'a@1000', 'b@2000' ]")
    }

    /// setImmediate and process.nextTick call back with exactly the arguments given after the
    /// callback, none to many (a callback can count them), as Node does.
    @Test func immediatesAndTicksPassTheirArgumentsAsGiven() async throws {
        let app = try await virtualApp(TestClock())
        _ = try await app.evaluate("""
            globalThis.calls = [];
            const note = (kind) => function () { calls.push(kind + arguments.length + ':' + [...arguments].join(',')); };
            setImmediate(note('i'));
            setImmediate(note('i'), null);
            setImmediate(note('i'), null, 'v');
            setImmediate(note('i'), 1, 2, 3, 4);
            setImmediate(note('i'), undefined, undefined);
            process.nextTick(note('t'));
            process.nextTick(note('t'), 'a');
            process.nextTick(note('t'), 'a', 'b', 'c');
            0
            """)
        #expect(try await app.evaluate("calls.join(' ')") == "'t0: t1:a t3:a,b,c i0: i1: i2:,v i4:1,2,3,4 i2:,'")
        #expect(try await app.evaluate("[setImmediate.length, process.nextTick.length].join()") == "'1,1'")
    }

    @Test func setIntervalRepeatsUntilCleared() async throws {
        let clock = TestClock()
        let app = try await virtualApp(clock)
        _ = try await app.evaluate("globalThis.n = 0; globalThis.t = setInterval(() => n++, 1000); 0")
        #expect(await app.advance(to: fixedNow.addingTimeInterval(3.5)) == 3)
        #expect(try await app.evaluate("n") == "3")
        _ = try await app.evaluate("clearInterval(t)")
        #expect(await app.advance(to: fixedNow.addingTimeInterval(10)) == 0)
        #expect(try await app.evaluate("n") == "3")
        #expect(await app.nextTimerDue == nil)
    }

    @Test func aTimerWithoutACallbackIsNodesTypeError() async throws {
        let app = try await makeApp(timerApp)
        for (value, received) in [("'abc'", "Received type string ('abc')"), ("{}", "Received an instance of Object"),
                                  ("null", "Received null"), ("5", "Received type number (5)")] {
            await #expect(throws: ExpressError.self) { try await app.evaluate("setTimeout(\(value))") }
            do { _ = try await app.evaluate("setInterval(\(value))") } catch {
                #expect(error.description.contains("TypeError [ERR_INVALID_ARG_TYPE]: The \"callback\" argument must be of type function. \(received)"),
                        "\(error.description)")
            }
        }
    }

    @Test func realTimersFireOnTheLoop() async throws {
        let app = try await makeApp(timerApp)
        _ = try await app.evaluate("globalThis.n = 0; globalThis.t = setInterval(() => { if (++n === 3) clearInterval(t); }, 5); 0")
        for _ in 0..<500 where try await app.evaluate("n") != "3" { try await Task.sleep(for: .milliseconds(10)) }
        try await Task.sleep(for: .milliseconds(50))
        #expect(try await app.evaluate("n") == "3")
        #expect(app.console().isEmpty)
    }
}

@Suite struct StuckWatchTests {
    @Test func aCallPastItsPatienceIsReportedAndClearedWhenItEnds() async throws {
        let log = Mutex<[String]>([])
        let watch = StuckWatch(patience: 0.2, onStuck: { _, id in log.withLock { $0.append("stuck \(id)") } },
                               onRecovered: { log.withLock { $0.append("recovered") } })
        // Short calls ring nothing.
        for _ in 0..<100 { watch.begin(requestID: 1); watch.end() }
        try await Task.sleep(for: .milliseconds(300))
        #expect(watch.reason == nil)
        watch.begin(requestID: 7)
        try await Task.sleep(for: .milliseconds(500))
        #expect(watch.reason == StuckWatch.text(0.2))
        watch.end()
        #expect(watch.reason == nil)
        #expect(log.withLock { $0 } == ["stuck 7", "recovered"])
    }
}

/// `Date` on the virtual clock behaves as Node's own: its arity, its arguments passed on as given,
/// and subclasses.
@Suite struct VirtualDateTests {
    @Test func dateTakesItsArgumentsAsNodeDoes() async throws {
        let clock = TestClock()
        let app = ExpressRuntime(source: timerApp, now: { clock.now }, timerClock: .virtual)
        try await app.load()
        #expect(try await app.evaluate("Date.length") == "7")
        #expect(try await app.evaluate("Date.name") == "'Date'")
        #expect(try await app.evaluate("new Date().getTime() === \(Int(fixedNow.timeIntervalSince1970 * 1000))") == "true")
        #expect(try await app.evaluate("new Date(0).toISOString()") == "'1970-01-01T00:00:00.000Z'")
        #expect(try await app.evaluate("new Date('2026-12-01T04:04:34.239Z').getTime()") == "1796097874239")
        #expect(try await app.evaluate("new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 7)).toISOString()") == "'2024-02-29T23:59:58.007Z'")
        #expect(try await app.evaluate("[new Date(2024, 5).getFullYear(), new Date(2024, 5).getMonth()].join()") == "'2024,5'")
        // An explicit undefined is an argument: Invalid Date, as in Node.
        #expect(try await app.evaluate("isNaN(new Date(2024, 0, undefined))") == "true")
        #expect(try await app.evaluate("new Date(2024, 0, 1, 2, 3, 4, 5, 6).getMilliseconds()") == "5")
        #expect(try await app.evaluate("new Date() instanceof Date") == "true")
        #expect(try await app.evaluate("typeof Date()") == "'string'")
        #expect(try await app.evaluate("""
            class Stamp extends Date { label() { return 'at ' + this.getTime(); } }
            const s = new Stamp(5);
            [s instanceof Stamp, s instanceof Date, s.label(), new Stamp().getTime() === Date.now()].join(' ')
            """) == "'true true at 5 true'")
    }
}
