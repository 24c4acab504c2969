import Cookies
import Foundation
@testable import Express

/// Mon, 15 Jan 2024 12:00:00 GMT, the reference's fixed clock.
let fixedNow = Date(timeIntervalSince1970: 1_705_320_000)

/// A clock tests can move.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var t: Date
    init(_ start: Date = fixedNow) { t = start }
    var now: Date { lock.withLock { t } }
    func advance(_ s: TimeInterval) { lock.withLock { t += s } }
}

/// Session ids from a counter: the first is 24 bytes of 1s, the next of 2s, and so on.
final class CountingBytes: @unchecked Sendable {
    private let lock = NSLock()
    private var n: UInt8 = 0
    func next(_ count: Int) -> [UInt8] { lock.withLock { n += 1; return [UInt8](repeating: n, count: count) } }
}

/// The id uid-safe makes from `count` bytes of `byte`.
func sessionID(_ byte: UInt8) -> String {
    Data([UInt8](repeating: byte, count: 24)).base64EncodedString()
        .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
}

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
