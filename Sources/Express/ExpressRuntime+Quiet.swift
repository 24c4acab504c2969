import Foundation

/// When a request is waiting and nothing the app has queued could answer it: no callback queued,
/// no check phase, no database query out, and no timer due before the client gives up. Only
/// another request could answer it then, so a client that sends one request at a time (the
/// tutor's browser, lint) may stop waiting at once instead of sitting out its time-out: the
/// same outcome, without the wait.
extension ExpressRuntime {
    /// Told, on the app's thread as a turn of its loop ends quiet, the port of each client whose
    /// request waits, and in how long the next timer on the app's clock is due (nil: none is
    /// set). The client decides: a timer due after it gives up comes too late to answer. Given
    /// to the runtime as it is made (`crumbs serve` gives none).
    public typealias QuietListener = @Sendable (_ clientPort: Int, _ nextTimerIn: TimeInterval?) -> Void

    /// The client at `port` closed its connection: its requests still waiting are nobody's to
    /// wait for (and the port may come back on a later connection, which must not be taken for
    /// them).
    public func clientLeft(port: Int) {
        for (id, entry) in pending where entry.port == port { pending[id]?.port = nil }
    }

    /// Tells the listener of each waiting request, if the app is quiet. Runs when a turn of the
    /// app's loop ends; no task, no hop: nothing is asked of the app per request.
    func checkQuiet() {
        guard let quietListener, !stopped, !pending.isEmpty else { return }
        guard !checkPhaseQueued, hostOperations == 0, queuedCallbacks == 0 else { return }
        // A timer on the real clock (serve) may answer any time; on the tutor's clock, the client
        // compares the next one with its own time-out.
        if timerClock == .real, !scheduledTimers.isEmpty { return }
        let nextTimerIn = virtualTimers.values.map(\.due).min().map { $0.timeIntervalSince(now()) }
        for port in Set(pending.values.compactMap(\.port)) { quietListener(port, nextTimerIn) }
    }
}
