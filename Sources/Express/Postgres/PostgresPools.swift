import Foundation
import NIOCore
import Postgres
import Synchronization

/// The `pg` pools an app made, by the id its JavaScript holds; what a query failure should
/// tell the learner (`PGAdvice`, read from this machine once). Ending the app ends them all.
public final class PostgresPools: Sendable {
    /// A pool, or why its settings could not be used (every query on it fails with that).
    enum Entry: Sendable {
        case pool(PGPool)
        case invalid(PGFailure)
    }

    private let state = Mutex<(pools: [Int: Entry], next: Int)>(([:], 1))
    private let advice = Mutex<PGAdvice?>(nil)

    public init() {}

    /// A new pool for the settings `pg` sends as JSON, its connections on `loop`; its id.
    func add(json: String, on loop: any EventLoop) -> Int {
        let entry: Entry
        do { entry = .pool(PGPool(config: try PGConfig.parse(json: json), on: loop)) } catch { entry = .invalid(error) }
        return state.withLock { s in
            let id = s.next
            s.next += 1
            s.pools[id] = entry
            return id
        }
    }

    func entry(_ id: Int) -> Entry? { state.withLock { $0.pools[id] } }

    /// Every pool the app made, in the order it made them.
    public var all: [PGPool] {
        state.withLock { s in
            s.pools.keys.sorted().compactMap { if case .pool(let p)? = s.pools[$0] { p } else { nil } }
        }
    }

    /// Ends every pool (the app stopped): idle connections close now, busy ones when their query ends.
    func endAll() {
        let pools = state.withLock { s in
            let pools = s.pools.values.compactMap { if case .pool(let p) = $0 { p } else { nil } }
            s.pools.removeAll()
            return pools
        }
        for pool in pools { Task { await pool.end() } }
    }

    /// The note for a failed query, from what is installed on this machine.
    func note(for failure: PGFailure, config: PGConfig) -> String? {
        let advice = self.advice.withLock { cached in
            if let cached { return cached }
            let read = PGAdvice.installed()
            cached = read
            return read
        }
        return advice.note(for: failure, config: config)
    }
}
