import Express
import Foundation

extension ExpressRuntime {
    /// Begins `count` copies of `request` from the app's own thread and returns that thread's CPU
    /// time until the last answer, in µs a request: the app's JavaScript and the natives it
    /// calls, with no sockets and no hop between threads.
    func burst(_ request: IncomingRequest, count: Int) async -> Double {
        await withCheckedContinuation { continuation in
            let start = Self.threadCPU()
            var left = count
            for _ in 0..<count {
                begin(request) { _ in
                    left -= 1
                    if left == 0 { continuation.resume(returning: (Self.threadCPU() - start) / Double(count)) }
                }
            }
        }
    }

    /// The calling thread's CPU time in µs.
    static func threadCPU() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
        return Double(now.tv_sec) * 1e6 + Double(now.tv_nsec) / 1e3
    }
}
