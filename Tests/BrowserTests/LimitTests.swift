import Cookies
import Foundation
import Testing
@testable import Browser

/// Limits and units: the redirect count, the response timeout, the clock, closing every profile.
extension LiveTests {
    /// Fetch §4.4 (HTTP-redirect fetch): a request's redirect count may reach 20; the 21st
    /// redirect is a network error.
    @Test func twentyRedirectsAreFollowedAndTheTwentyFirstIsNot() async throws {
        try await withServer { browser, server in
            let e = try await browser.send(BrowserRequest("/chain/20"))
            #expect(e.hops.count == 21)
            #expect(e.response?.text == "end of the chain")
            await #expect(throws: BrowserError.tooManyRedirects(20, "http://localhost:\(server.port)/chain/0")) {
                _ = try await browser.send(BrowserRequest("/chain/21"))
            }
        }
    }

    /// The timeout is in seconds: a route that never answers is given the whole of it.
    @Test func theTimeoutIsWaitedInFull() async throws {
        try await withServer(timeout: 1) { browser, _ in
            let started = Date()
            let e = try await browser.send(BrowserRequest("/hang"))
            #expect(e.timedOut)
            #expect(Date().timeIntervalSince(started) >= 0.95)
        }
    }

    /// The server may say sooner that nothing will answer (`quiet`): the wait ends then, with
    /// the time-out's outcome, unless what the server has due comes before the browser would
    /// give up.
    @Test func aQuietServerEndsTheWaitUnlessSomethingIsDueInTime() async throws {
        // A timer due after the 30 s time-out: the wait ends at once.
        let late = try await hang(timeout: 30) { browser, port in browser.quiet(localPort: port, nextTimerIn: 60) }
        #expect(late.timedOut && late.seconds < 20)
        // One due before the 1 s time-out, and a port no request waits on: the wait goes on.
        let due = try await hang(timeout: 1) { browser, port in
            browser.quiet(localPort: port, nextTimerIn: 0.5)
            browser.quiet(localPort: port + 1, nextTimerIn: nil)
        }
        #expect(due.timedOut && due.seconds >= 0.95)
    }

    /// Sends `/hang` with `timeout`, runs `tell` with the request's port once the server has it,
    /// and returns whether the exchange timed out and how long it took.
    func hang(timeout: TimeInterval, tell: @escaping (Browser, Int) -> Void) async throws -> (timedOut: Bool, seconds: TimeInterval) {
        var outcome = (timedOut: false, seconds: 0.0)
        try await withServer(timeout: timeout) { browser, server in
            var hangs = server.hangs.makeAsyncIterator()
            let started = Date()
            let waiting = Task { try await browser.send(BrowserRequest("/hang")) }
            tell(browser, try #require(await hangs.next()))
            outcome = (try await waiting.value.timedOut, Date().timeIntervalSince(started))
        }
        return outcome
    }

    /// Closing the browser ends the session cookies of every profile, not only the current one.
    @Test func closingTheBrowserEndsEveryProfilesSession() async throws {
        try await withServer { browser, _ in
            _ = try await browser.send(BrowserRequest("/set"))
            try await browser.switchProfile(to: "alice")
            _ = try await browser.send(BrowserRequest("/set"))
            try await browser.switchProfile(to: "default")
            let gone = await browser.close()
            #expect(gone.map(\.name) == ["sid", "sid"])
            #expect(await browser.jar("alice").cookies.map(\.name) == ["theme"])
            #expect(await browser.jar("default").cookies.map(\.name) == ["theme"])
        }
    }
}

@Suite struct VirtualClockTests {
    /// Time never runs backwards: a negative jump is ignored, so expired cookies stay expired.
    @Test func aNegativeJumpIsIgnored() {
        let clock = VirtualClock.fixed(start)
        clock.advance(by: 90)
        clock.advance(by: -60)
        #expect(clock.now == start.addingTimeInterval(90))
        #expect(clock.skew == 90)
    }
}
