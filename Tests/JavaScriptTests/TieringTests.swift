import Testing
@testable import JavaScript

/// JavaScriptCore reads its options once, as the first context is made: the tiering a command
/// chooses must come before it, and one chosen later must not pretend to count.
@Suite struct TieringTests {
    @Test func aTieringChosenAfterTheFirstContextChangesNothing() {
        _ = JSContext()
        #expect(!JSContext.setTiering(.shortLivedApps))
        #expect(!JSContext.setTiering(.engineDefaults))
    }

    /// Short-lived apps wait ten times JavaScriptCore's defaults before each compiler; serve
    /// keeps the defaults.
    @Test func shortLivedAppsRaiseEachCompilersThreshold() {
        let options = JSContext.options(for: .shortLivedApps)
        #expect(options.map(\.name) == ["thresholdForJITAfterWarmUp", "thresholdForJITSoon",
                                        "thresholdForOptimizeAfterWarmUp", "thresholdForOptimizeSoon"])
        #expect(options.map(\.value) == ["5000", "1000", "10000", "10000"])
        #expect(JSContext.options(for: .engineDefaults).isEmpty)
    }
}
