import Cookies
import Express
import Foundation
import Synchronization
import Testing
@testable import Serve

/// `together`'s hold: requests wait at the balancer until all of them have arrived, and a
/// sender whose copy never gets there lets the others go at once.
@Suite(.timeLimit(.minutes(1))) struct BalancerHoldTests {
    static func balancer() async throws -> Balancer {
        let runtime = ExpressRuntime(source: """
            const app = require('express')();
            app.get('/', (req, res) => res.send('hi'));
            app.listen(3000);
            """, now: { Date() })
        try await runtime.load()
        return Balancer(instances: [runtime])
    }

    static let request = IncomingRequest(method: "GET", target: "/", headers: [HeaderField("Host", "localhost")])

    @Test func aReleasedHoldBeginsWhatArrivedAndStopsTheWait() async throws {
        let balancer = try await Self.balancer()
        // Patience far beyond the suite's time limit: only the release can end the wait.
        balancer.hold(2, patience: .hours(1))
        let statuses = Mutex<[Int]>([])
        let answered = AsyncStream<Void>.makeStream()
        balancer.dispatch(Self.request) { handled in
            statuses.withLock { $0.append(handled.response?.status ?? 0) }
            answered.continuation.yield()
        }
        await balancer.arrived(1)
        #expect(statuses.withLock { $0 } == [], "the first copy is held until the second arrives")
        balancer.releaseHeld()
        await balancer.arrived(2)
        var answers = answered.stream.makeAsyncIterator()
        _ = await answers.next()
        #expect(statuses.withLock { $0 } == [200])
        // Released: the next request is not held.
        balancer.dispatch(Self.request) { handled in
            statuses.withLock { $0.append(handled.response?.status ?? 0) }
            answered.continuation.yield()
        }
        _ = await answers.next()
        #expect(statuses.withLock { $0 } == [200, 200])
    }
}
