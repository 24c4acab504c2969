import Foundation

// What several test targets share: a fixed clock, counted session ids, and the built binary.

/// Mon, 15 Jan 2024 12:00:00 GMT, the reference's fixed clock.
public let fixedNow = Date(timeIntervalSince1970: 1_705_320_000)

/// A clock tests can move.
public final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var t: Date
    public init(_ start: Date = fixedNow) { t = start }
    public var now: Date { lock.withLock { t } }
    public func advance(_ s: TimeInterval) { lock.withLock { t += s } }
}

/// Session ids from a counter: the first is 24 bytes of 1s, the next of 2s, and so on.
public final class CountingBytes: @unchecked Sendable {
    private let lock = NSLock()
    private var n: UInt8 = 0
    public init() {}
    public func next(_ count: Int) -> [UInt8] { lock.withLock { n += 1; return [UInt8](repeating: n, count: count) } }
}

/// The id uid-safe makes from 24 bytes of `byte`.
public func sessionID(_ byte: UInt8) -> String {
    Data([UInt8](repeating: byte, count: 24)).base64EncodedString()
        .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
}

/// The `crumbs` binary built beside this test runner (whatever the build folder is called, as
/// under `--scratch-path`), else the one in the repository's `.build/debug`.
public func builtCrumbs() -> URL {
    let beside = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        .appendingPathComponent("crumbs")
    if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent(".build/debug/crumbs")
}
