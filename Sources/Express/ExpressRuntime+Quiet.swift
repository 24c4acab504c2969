import Foundation

/// When a request is waiting and nothing the app has queued could answer it: no callback queued,
/// no check phase, no database query out, and no timer due before the client gives up. Only
/// another request could answer it then, so a client that sends one request at a time (the
/// tutor's browser, lint) may stop waiting at once instead of sitting out its time-out: the
/// same outcome, without the wait.
extension ExpressRuntime {
    /// One client waiting to be told its request cannot be answered.
    struct QuietWaiter {
        /// The client's port: the request it waits for.
        var port: Int
        /// When the client gives up, on the app's clock.
        var deadline: Date
        var continuation: CheckedContinuation<Bool, Never>
    }

    /// Returns true once the request from the client at `clientPort` is waiting and nothing the
    /// app has queued could answer it within `horizon` seconds (then only another request
    /// could); false when the runtime stops first or the caller is cancelled (its answer came).
    public func untilQuiet(clientPort: Int, horizon: TimeInterval) async -> Bool {
        let id = UUID()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if Task.isCancelled || stopped { return continuation.resume(returning: false) }
                quietWaiters[id] = QuietWaiter(port: clientPort, deadline: now().addingTimeInterval(horizon), continuation: continuation)
                checkQuiet()
            }
        } onCancel: {
            Task { await self.dropQuietWaiter(id) }
        }
    }

    /// The client at `port` closed its connection: its requests still waiting are nobody's to
    /// wait for (and the port may come back on a later connection, which must not be taken for
    /// them).
    public func clientLeft(port: Int) {
        for (id, entry) in pending where entry.port == port { pending[id]?.port = nil }
    }

    func dropQuietWaiter(_ id: UUID) {
        quietWaiters.removeValue(forKey: id)?.continuation.resume(returning: false)
    }

    /// Tells the waiters whose request is waiting that the app is quiet, if it is. Runs when a
    /// turn of the app's loop ends.
    func checkQuiet() {
        guard !quietWaiters.isEmpty else { return }
        if stopped {
            for (_, waiter) in quietWaiters { waiter.continuation.resume(returning: false) }
            quietWaiters.removeAll()
            return
        }
        guard !checkPhaseQueued, hostOperations == 0, queuedCallbacks == 0 else { return }
        // A timer on the real clock (serve) may answer any time; on the tutor's clock, one due
        // after the client's deadline comes too late.
        if timerClock == .real, !scheduledTimers.isEmpty { return }
        let nextTimer = virtualTimers.values.map(\.due).min()
        let waitingPorts = Set(pending.values.compactMap(\.port))
        for (id, waiter) in quietWaiters where waitingPorts.contains(waiter.port) {
            if let nextTimer, nextTimer <= waiter.deadline { continue }
            quietWaiters[id] = nil
            waiter.continuation.resume(returning: true)
        }
    }
}
