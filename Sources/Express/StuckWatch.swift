import Dispatch
import Foundation
import Synchronization

/// Notices a call into an app's JavaScript that no limit stopped: where JavaScriptCore lacks the
/// hook that lets the time limit reach promise jobs (`JSContext+Jobs.swift`), a loop of `await`s
/// that allocates nothing runs job after job, each too short for the watchdog; and a machine so
/// busy that a stopped call takes longer than the patience by the clock. The app's thread is
/// lost while it runs; the server answers 503 with the reason (and can still shut down), and
/// answers again if the call ends after all.
///
/// One timer per runtime, armed when a call starts and none is armed, and re-armed when it
/// fires for the call running then: a call costs two atomic writes, not a timer.
public final class StuckWatch: Sendable {
    /// How long a call may run before it is taken for stuck.
    public let patience: Double
    private let onStuck: @Sendable (_ reason: String, _ requestID: Int) -> Void
    private let onRecovered: @Sendable () -> Void
    /// The running call's start (uptime nanoseconds; 0 when none runs), its number and request.
    private let started = Atomic<UInt64>(0)
    private let call = Atomic<Int>(0)
    private let request = Atomic<Int>(0)
    private let armed = Atomic<Bool>(false)
    /// The reason, and the call it was set for.
    private let state = Mutex<(reason: String, call: Int)?>(nil)
    /// (Dispatch sources may be scheduled from any thread.)
    private nonisolated(unsafe) let timer: any DispatchSourceTimer

    init(patience: Double, onStuck: @escaping @Sendable (String, Int) -> Void, onRecovered: @escaping @Sendable () -> Void) {
        self.patience = patience
        self.onStuck = onStuck
        self.onRecovered = onRecovered
        timer = DispatchSource.makeTimerSource(queue: .global())
        timer.setEventHandler { [weak self] in self?.check() }
        timer.activate()
    }

    deinit { timer.cancel() }

    /// Why the app is stuck now, if it is.
    public var reason: String? { state.withLock { $0?.reason } }

    func begin(requestID: Int) {
        call.wrappingAdd(1, ordering: .relaxed)
        request.store(requestID, ordering: .relaxed)
        started.store(DispatchTime.now().uptimeNanoseconds, ordering: .releasing)
        if !armed.exchange(true, ordering: .acquiringAndReleasing) {
            timer.schedule(deadline: .now() + patience)
        }
    }

    func end() {
        started.store(0, ordering: .releasing)
        let number = call.load(ordering: .relaxed)
        let recovered = state.withLock { s -> Bool in
            guard s?.call == number else { return false }
            s = nil
            return true
        }
        if recovered { onRecovered() }
    }

    private func check() {
        let start = started.load(ordering: .acquiring)
        guard start != 0 else {
            armed.store(false, ordering: .releasing)
            // A call that began just now may have found the timer still armed.
            if started.load(ordering: .acquiring) != 0, !armed.exchange(true, ordering: .acquiringAndReleasing) {
                timer.schedule(deadline: .now() + patience)
            }
            return
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds &- start) / 1e9
        guard elapsed >= patience else {
            timer.schedule(deadline: .now() + (patience - elapsed))
            return
        }
        let number = call.load(ordering: .relaxed)
        let fresh = state.withLock { s -> Bool in
            guard s?.call != number else { return false }
            s = (Self.text(patience), number)
            return true
        }
        if fresh { onStuck(Self.text(patience), request.load(ordering: .relaxed)) }
        // Look again later: the same call, still running, or the next one.
        timer.schedule(deadline: .now() + patience)
    }

    static func text(_ seconds: Double) -> String {
        let shown = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
        return "a call into the app's JavaScript has run for \(shown) s and the time limit has not stopped it "
            + "(a loop the limit cannot reach, or a machine too busy to give the app its time)"
    }
}
