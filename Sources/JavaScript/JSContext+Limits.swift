import CJavaScriptCore
import Foundation

// JavaScriptCore's watchdog counts each entry into JavaScript on its own, and every promise job
// is an entry of its own: a promise loop (`const f = () => Promise.resolve().then(f)`) runs
// forever in jobs of microseconds, and the watchdog never fires. Most such loops allocate, so
// garbage collections keep coming; after each one, on the thread running the loop, the call is
// checked against its deadline and the memory limit, and when past either the time limit is cut
// to a microsecond, which stops the job running and ends the drain of the job queue. An app's
// context drains its jobs itself, nested in one entry the watchdog times whole
// (`JSContext+Jobs.swift`), so a loop that allocates nothing (`while (true) await null`) is
// stopped too; without that (a JavaScriptCore that lacks the hook) the host can only notice it
// (ExpressRuntime's stuck alarm).
extension JSContext.Watchdog {
    func afterCollection(_ group: JSContextGroupRef) {
        // Only on the thread in the call (JavaScriptCore's lock is held there; a collection may
        // end on a helper thread too, which touches nothing), once per call.
        guard let thread, pthread_equal(thread, pthread_self()) != 0, cut == nil, let deadline else { return }
        if ContinuousClock.now > deadline {
            cut = .time
        } else if let memoryLimit, let resident = Self.residentBytes(), resident - residentAtStart > memoryLimit {
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

    /// The resident memory as read at most a few milliseconds ago: the baseline of a call. A
    /// server enters the app thousands of times a second, and reading /proc was a tenth of the
    /// calls' own cost; a baseline that old counts against the call at most what the few
    /// milliseconds before it allocated (the limit is hundreds of megabytes).
    func recentResidentBytes() -> Int {
        let now = ContinuousClock.now
        if let lastReading, now - lastReading.at < .milliseconds(5) { return lastReading.bytes }
        let bytes = Self.residentBytes() ?? 0
        lastReading = (now, bytes)
        return bytes
    }

    /// The process's resident memory (Linux: /proc/self/statm, in pages), or nil. The file stays
    /// open and is read again from its start each time: opening it (a path walk through /proc)
    /// cost more than reading it, on every call into an app.
    static func residentBytes() -> Int? {
        guard statm >= 0 else { return nil }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { buffer -> Int? in
            let n = pread(statm, buffer.baseAddress, buffer.count, 0)
            guard n > 0 else { return nil }
            // "size resident shared …": the second field.
            guard var i = buffer[0..<n].firstIndex(of: UInt8(ascii: " ")) else { return nil }
            i += 1
            var pages = 0, digits = 0
            while i < n, buffer[i] >= UInt8(ascii: "0"), buffer[i] <= UInt8(ascii: "9") {
                pages = pages * 10 + Int(buffer[i] - UInt8(ascii: "0"))
                digits += 1
                i += 1
            }
            return digits > 0 ? pages * pageSize : nil
        }
    }

    private static let statm = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
    private static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
}

extension JSContext {
    /// The process's resident memory in bytes, or nil where it cannot be read.
    public static func residentMemory() -> Int? { Watchdog.residentBytes() }

    /// Starts JavaScriptCore's sampling profiler for this context's group (for benchmarks).
    public func startSampling() -> Bool {
        sampling = true
        return JSContextGroupEnableSamplingProfiler(group)
    }

    /// The samples taken since `startSampling()`, as JavaScriptCore's JSON, or nil.
    public func takeSamples() -> String? {
        guard let json = JSContextGroupTakeSamplesFromSamplingProfiler(group) else { return nil }
        defer { JSStringRelease(json) }
        return json.string
    }
}
