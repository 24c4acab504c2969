import Foundation
import Synchronization

extension JSContext {
    /// How soon JavaScriptCore compiles a function to machine code, for the whole process.
    public enum Tiering: Sendable {
        /// JavaScriptCore's own thresholds: for an app that answers requests by the thousand
        /// (`crumbs serve`), whose hot functions are compiled early and run fast from then on.
        case engineDefaults
        /// For apps that answer a few requests each and end (the tutor, `crumbs run` and lint
        /// start one for every step): a function is interpreted for longer before it is
        /// compiled, since compiling express's code anew for each app costs more than the
        /// handful of requests it would speed up. An app that answers many still gets there.
        case shortLivedApps
    }

    private static let tiering = Mutex<(chosen: Tiering, read: Bool)>((.engineDefaults, false))

    /// Chooses the tiering. JavaScriptCore reads its options once, as the first context is
    /// made: chosen later, it changes nothing. Returns whether it takes effect.
    @discardableResult
    public static func setTiering(_ chosen: Tiering) -> Bool {
        tiering.withLock { state in
            guard !state.read else { return false }
            state.chosen = chosen
            return true
        }
    }

    /// The options of the chosen tiering, read once (`engineOptions` sets them with the others).
    static func readTiering() -> [(name: String, value: String)] {
        options(for: tiering.withLock { state in
            state.read = true
            return state.chosen
        })
    }

    /// JavaScriptCore's options (`JSC_` + name in the environment) for a tiering.
    static func options(for tiering: Tiering) -> [(name: String, value: String)] {
        switch tiering {
        case .engineDefaults:
            return []
        case .shortLivedApps:
            // Ten times JavaScriptCore's defaults (500 and 100 executions' worth of its counters
            // before the baseline compiler, 1000 before the optimizing one).
            return [("thresholdForJITAfterWarmUp", "5000"), ("thresholdForJITSoon", "1000"),
                    ("thresholdForOptimizeAfterWarmUp", "10000"), ("thresholdForOptimizeSoon", "10000")]
        }
    }
}
