import Cookies
import Foundation
import Synchronization
import Testing
@testable import Express

/// When a waiting request can no longer be answered by anything the app has queued, the runtime
/// says so to the client waiting at that request's port (the tutor's browser then stops waiting).
@Suite struct QuietTests {
    static let app = """
        const express = require("express");
        const app = express();
        app.get("/hang", (req, res) => {});
        app.get("/soon", (req, res) => { setTimeout(() => res.send("soon"), 50); });
        app.get("/late", (req, res) => { setTimeout(() => res.send("late"), 60000); });
        app.listen(3000);
        """

    static func request(_ path: String, port: Int) -> IncomingRequest {
        IncomingRequest(method: "GET", target: path, headers: [HeaderField("Host", "localhost:3000")], remotePort: port)
    }

    /// What the listener was told: each client port and when the next timer was due, in order.
    final class Told: Sendable {
        private let calls = Mutex<[(port: Int, nextTimerIn: TimeInterval?)]>([])
        var listener: ExpressRuntime.QuietListener { { port, next in self.calls.withLock { $0.append((port, next)) } } }
        var ports: [Int] { calls.withLock { $0.map(\.port) } }
        var timers: [TimeInterval?] { calls.withLock { $0.map(\.nextTimerIn) } }
        func clear() { calls.withLock { $0.removeAll() } }
    }

    @Test func aRequestNothingCanAnswerIsToldWithWhenTheNextTimerIsDue() async throws {
        let told = Told()
        let runtime = ExpressRuntime(source: Self.app, now: { Date(timeIntervalSince1970: 1_000_000) }, timerClock: .virtual,
                                     quiet: told.listener)
        try await runtime.load()
        // Loading the app leaves nothing waiting: nothing is told.
        #expect(told.ports.isEmpty)
        await runtime.begin(Self.request("/hang", port: 5001)) { _ in }
        #expect(told.ports == [5001])
        #expect(told.timers.count == 1 && told.timers[0] == nil)
        told.clear()
        // A request with a timer set: the client hears when it is due, and weighs it against
        // its own time-out (the one waiting at 5001 is told again: the app is quiet again).
        await runtime.begin(Self.request("/late", port: 5002)) { _ in }
        #expect(Set(told.ports) == [5001, 5002])
        #expect(told.timers.allSatisfy { $0 == 60 })
        await runtime.stop()
    }

    /// While a callback is queued (MemoryStore's setImmediate, a check phase), the app is not
    /// quiet: an answer may still come, and nothing is told before it does.
    @Test func aRequestAnsweredInItsCheckPhaseIsNeverTold() async throws {
        let told = Told()
        let runtime = ExpressRuntime(source: """
            const express = require("express");
            const app = express();
            app.get("/", (req, res) => { setImmediate(() => res.send("later")); });
            app.listen(3000);
            """, now: { Date() }, timerClock: .shared, quiet: told.listener)
        try await runtime.load()
        let response = await runtime.handle(Self.request("/", port: 5003))
        #expect(response.response?.body == "later")
        #expect(told.ports.isEmpty)
        await runtime.stop()
    }

    /// A client that left takes its waiting request's port with it: a later connection given
    /// the same port is not taken for the request that never answered.
    @Test func aPortThatCameBackIsNotTheRequestLeftWaiting() async throws {
        let told = Told()
        let runtime = ExpressRuntime(source: Self.app, now: { Date() }, timerClock: .shared, quiet: told.listener)
        try await runtime.load()
        await runtime.begin(Self.request("/hang", port: 5004)) { _ in }
        #expect(told.ports == [5004])
        await runtime.clientLeft(port: 5004)
        told.clear()
        let response = await runtime.handle(Self.request("/soon", port: 5004))
        #expect(response.response?.body == "soon")
        // Told once, while /soon waited for its timer (due in time); never with nothing due,
        // which the request left waiting at /hang would have been.
        #expect(told.ports == [5004])
        #expect(told.timers.allSatisfy { $0 != nil })
        await runtime.stop()
    }
}
