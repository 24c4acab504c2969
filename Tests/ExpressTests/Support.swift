import Cookies
import Foundation
// The fixtures every test target shares, visible in every file of this one.
@_exported import TestSupport
@testable import Express





func makeApp(_ source: String, clock: TestClock = TestClock(), env: [String: String] = [:], timeLimit: Double = 2) async throws -> ExpressRuntime {
    let bytes = CountingBytes()
    let runtime = ExpressRuntime(source: source, file: "app.js", now: { clock.now },
                                 randomBytes: { bytes.next($0) }, environment: env, timeLimit: timeLimit)
    try await runtime.load()
    return runtime
}

extension ExpressRuntime {
    func get(_ path: String, cookie: String? = nil, headers: [HeaderField] = []) async -> OutgoingResponse? {
        var h = [HeaderField("Host", "localhost:3000")] + headers
        if let cookie { h.append(HeaderField("Cookie", cookie)) }
        return await handle(IncomingRequest(method: "GET", target: path, headers: h)).response
    }

    nonisolated func console(since start: Int = 0) -> [String] {
        events.since(start).filter(\.isConsole).map(\.text)
    }

    nonisolated func decisions(since start: Int = 0) -> [String] {
        events.since(start).filter { if case .decision = $0.kind { return true }; return false }.map(\.line)
    }
}

/// The value of a Set-Cookie header up to its first ";".
func cookiePair(_ setCookie: String) -> String {
    String(setCookie.split(separator: ";")[0])
}
