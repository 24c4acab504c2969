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

    @Test func aRequestNothingCanAnswerIsQuietAndOneATimerWillAnswerIsNot() async throws {
        let runtime = ExpressRuntime(source: Self.app, now: { Date() }, timerClock: .shared)
        try await runtime.load()
        await runtime.begin(Self.request("/hang", port: 5001)) { _ in }
        #expect(await runtime.untilQuiet(clientPort: 5001, horizon: 10))
        // A timer due after the client gives up comes too late to count.
        await runtime.begin(Self.request("/late", port: 5002)) { _ in }
        #expect(await runtime.untilQuiet(clientPort: 5002, horizon: 10))
        // One due before it does: the request is answered, and the wait ends unanswered.
        let answered = Mutex<String?>(nil)
        let quiet = Task { await runtime.untilQuiet(clientPort: 5003, horizon: 10) }
        let response = await runtime.handle(Self.request("/soon", port: 5003))
        answered.withLock { $0 = response.response?.body }
        quiet.cancel()
        #expect(await quiet.value == false)
        #expect(answered.withLock { $0 } == "soon")
        await runtime.stop()
    }

    /// A client that left takes its waiting request's port with it: a later connection given
    /// the same port is not taken for the request that never answered.
    @Test func aPortThatCameBackIsNotTheRequestLeftWaiting() async throws {
        let runtime = ExpressRuntime(source: Self.app, now: { Date() }, timerClock: .shared)
        try await runtime.load()
        await runtime.begin(Self.request("/hang", port: 5004)) { _ in }
        await runtime.clientLeft(port: 5004)
        let quiet = Task { await runtime.untilQuiet(clientPort: 5004, horizon: 10) }
        let response = await runtime.handle(Self.request("/soon", port: 5004))
        quiet.cancel()
        #expect(await quiet.value == false)
        #expect(response.response?.body == "soon")
        await runtime.stop()
    }
}
