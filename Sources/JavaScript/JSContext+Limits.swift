import CJavaScriptCore
import Foundation
import Synchronization

// JavaScriptCore's watchdog counts each entry into JavaScript on its own, and every promise job
// is an entry of its own: a promise loop (`const f = () => Promise.resolve().then(f)`) runs
// forever in jobs of microseconds, and the watchdog never fires. Most such loops allocate, so
// garbage collections keep coming; after each one, on the thread running the loop, the call is
// checked against its deadline and the memory limit, and when past either the time limit is cut
// to a microsecond, which stops the job running and ends the drain of the job queue. A loop that
// allocates little or nothing (`while (true) await null`) is out of reach: the host can only
// notice it (ExpressRuntime's stuck alarm).
extension JSContext.Watchdog {
    func afterCollection(_ group: JSContextGroupRef) {
        // Only on the thread in the call (JavaScriptCore's lock is held there; a collection may
        // end on a helper thread too, which touches nothing), once per call.
        guard let thread, pthread_equal(thread, pthread_self()) != 0, cut == nil, let deadline else { return }
        if ContinuousClock.now > deadline {
            cut = .time
        } else if let memoryLimit, let resident = Self.recentResidentBytes(fresh: true), resident - residentAtStart > memoryLimit {
            cut = .memory
        } else {
            return
        }
        JSContextGroupSetExecutionTimeLimit(group, 0.000_001, { _, info in
            guard let info else { return true }
            Unmanaged<JSContext.Watchdog>.fromOpaque(info).takeUnretainedValue().fired = true
            return true
        }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// The process's resident memory, read at most once per `residentInterval`: the limit is a
    /// gigabyte, so a figure a few milliseconds old is as good, and a server answering thousands
    /// of requests a second then reads the file a few hundred times a second, not per call.
    /// After a collection the figure is read `fresh`, which also renews it for the next calls.
    static func recentResidentBytes(fresh: Bool = false) -> Int? {
        let now = ContinuousClock.now
        return recentResident.withLock { cached in
            if !fresh, let (at, bytes) = cached, now - at < residentInterval { return bytes }
            let bytes = residentBytes()
            cached = bytes.map { (now, $0) }
            return bytes
        }
    }

    static let residentInterval = Duration.milliseconds(5)
    private static let recentResident = Mutex<(at: ContinuousClock.Instant, bytes: Int)?>(nil)

    /// The process's resident memory (Linux: /proc/self/statm, in pages), or nil.
    static func residentBytes() -> Int? {
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = read(fd, &buffer, buffer.count)
        guard n > 0 else { return nil }
        let fields = buffer[0..<n].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

extension JSContext {
    /// Starts JavaScriptCore's sampling profiler for this context's group (for benchmarks).
    public func startSampling() -> Bool {
        JSContextGroupEnableSamplingProfiler(group)
    }

    /// The samples taken since `startSampling()`, as JavaScriptCore's JSON, or nil.
    public func takeSamples() -> String? {
        guard let json = JSContextGroupTakeSamplesFromSamplingProfiler(group) else { return nil }
        defer { JSStringRelease(json) }
        return json.string
    }
}
