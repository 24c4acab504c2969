import JavaScript
import NIOCore

/// Node's event loop, as far as requests see it: the requests that arrived together are all
/// begun (each with its `process.nextTick` callbacks and promise reactions) before the check
/// phase runs the immediates any of them queued. MemoryStore reads a session at once and hands
/// it over with `setImmediate`, so two requests that arrive together both read the session as
/// it was, and the last one to save wins (a lost update), as under Node.
extension ExpressRuntime {
    /// When a call's immediates run.
    enum Immediates {
        /// Before the call returns to the host (timers, the app's own code, the prompt).
        case now
        /// In a turn of the loop queued after the work already waiting on it (a request: the
        /// requests that arrived with it begin first).
        case checkPhase
    }

    /// Runs the ticks the last call queued, and leaves its immediates to the check phase.
    func pumpTicks() {
        // Each round is its own call, so promise reactions run between them; the queues are read
        // without a call into JavaScript.
        var rounds = 0
        while rounds < 1000, !stopped, tickQueue.arrayLength > 0 {
            rounds += 1
            do { _ = try ticksFunction.call([], this: crumbs) } catch { fail(requestID: 0, error); break }
        }
        sendAnswered()
        if immediateQueue.arrayLength > 0 { queueCheckPhase() }
    }

    /// Queues the check phase on the runtime's loop, behind the requests already waiting there.
    func queueCheckPhase() {
        guard !checkPhaseQueued, !stopped else { return }
        checkPhaseQueued = true
        loop.execute { [weak self] in
            guard let self else { return }
            self.assumeIsolated { runtime in
                runtime.checkPhaseQueued = false
                // The immediates of every request begun since, in the order they were queued.
                runtime.run {}
            }
        }
    }

    /// Begins several requests in one turn, as Node begins requests that arrived together:
    /// each is handled up to what it waits for before the immediates of any of them run.
    public func begin(together requests: [(request: IncomingRequest, completion: @Sendable (Handled) -> Void)]) {
        for item in requests { begin(item.request, completion: item.completion) }
    }
}
