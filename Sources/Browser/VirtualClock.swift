import Foundation
import Synchronization

/// The one clock the browser and the server share. It follows a base clock (the system's, or
/// a fixed instant in tests) plus however far a lesson has jumped forward with `wait`.
public final class VirtualClock: Sendable {
    private let base: @Sendable () -> Date
    private let offset = Mutex<TimeInterval>(0)
    /// Whether the clock moves only when advanced (`fixed`): what happened at one moment
    /// happens the same a minute later.
    public let standsStill: Bool

    /// A clock that runs with real time from now on.
    public static func system() -> VirtualClock { VirtualClock { Date() } }

    /// A clock that stands still at `instant` until advanced: deterministic, for tests.
    public static func fixed(_ instant: Date) -> VirtualClock { VirtualClock(standingStill: true) { instant } }

    /// A clock on `base`; `standingStill` says that `base` always gives the same instant.
    public init(standingStill: Bool = false, base: @escaping @Sendable () -> Date) {
        self.base = base
        self.standsStill = standingStill
    }

    public var now: Date { base().addingTimeInterval(offset.withLock { $0 }) }

    /// How far the clock has been moved ahead of its base.
    public var skew: TimeInterval { offset.withLock { $0 } }

    /// Back to the base clock: a lesson step starting over undoes the `wait`s before it.
    public func rewind() {
        offset.withLock { $0 = 0 }
    }

    /// Jumps forward; time never runs backwards (but see `rewind`).
    public func advance(by interval: TimeInterval) {
        offset.withLock { $0 += max(0, interval) }
    }
}
