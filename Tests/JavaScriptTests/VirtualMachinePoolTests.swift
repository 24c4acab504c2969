import Foundation
import Testing
@testable import JavaScript

/// A limited context's VM serves the next context once the first ends, and only when nothing of
/// the first can run or stay alive in it.
@Suite struct VirtualMachinePoolTests {
    @Test func theNextContextRunsInTheVMTheLastOneLeft() throws {
        let pool = VirtualMachinePool(capacity: 1)
        var first: JSContext? = JSContext(timeLimit: 1, memoryLimit: nil, pool: pool)
        try first!.evaluate("Promise.resolve().then(() => globalThis.later = 1)")
        let group = first!.group
        first = nil
        #expect(pool.count == 1)
        let second = JSContext(timeLimit: 1, memoryLimit: nil, pool: pool)
        #expect(second.group == group)
        #expect(pool.count == 0)
        #expect(try second.evaluate("Promise.resolve(3).then(v => globalThis.v = v); 0").numberValue == 0)
        #expect(try second.evaluate("v").numberValue == 3)
    }

    @Test func endedContextsDoNotStayAliveInTheVM() throws {
        // JavaScriptCore holds an unhandled-rejection callback as a root: each ended app would
        // keep its whole global alive in the VM that outlives it.
        let pool = VirtualMachinePool(capacity: 1)
        for _ in 0..<20 {
            let js = JSContext(timeLimit: 1, memoryLimit: nil, pool: pool)
            js.onUnhandledRejection(try js.evaluate("(function (promise, reason) {})"))
            try js.evaluate("globalThis.big = new Array(1000).fill({ kept: true }); Promise.reject(new Error('no handler')); 0")
        }
        let last = JSContext(timeLimit: 1, memoryLimit: nil, pool: pool)
        // Its own global, and the one the VM keeps for the callback it hands ended contexts.
        #expect(last.memoryStatistics(collect: true)["globalObjectCount"] == 2)
    }

    @Test func aContextStoppedWithJobsQueuedEndsItsVM() throws {
        let pool = VirtualMachinePool(capacity: 1)
        var stopped: JSContext? = JSContext(timeLimit: 0.2, memoryLimit: nil, pool: pool)
        #expect(throws: JSError.timeLimitExceeded(seconds: 0.2)) {
            try stopped!.evaluate("(async () => { while (true) await null; })(); 1")
        }
        stopped = nil
        #expect(pool.count == 0)
        // Had the loop's jobs been left in a VM for it, this call would end with them, cut.
        let next = JSContext(timeLimit: 0.2, memoryLimit: nil, pool: pool)
        #expect(try next.evaluate("Promise.resolve().then(() => globalThis.done = true); 1").numberValue == 1)
        #expect(try next.evaluate("done").boolValue == true)
    }

    @Test func jobsQueuedAfterTheLastCallRunAsTheContextEndsWithoutReachingSwift() throws {
        let pool = VirtualMachinePool(capacity: 1)
        let reached = Reached()
        var js: JSContext? = JSContext(timeLimit: 1, memoryLimit: nil, pool: pool)
        try js!.global.set("reach", js!.function("reach") { _, _ in reached.yes = true; return nil })
        try js!.evaluate("globalThis.o = { get p() { Promise.resolve().then(() => { reach(); globalThis.ran = true; }); return 1; } }")
        // A read of a value is no call: the job its getter queued waits.
        #expect(try js!.global.get("o").get("p").numberValue == 1)
        js = nil
        #expect(!reached.yes)
        // It ran (and ended) with its context, so the VM went back.
        #expect(pool.count == 1)
    }

    @Test func aJobQueuedAfterTheLastCallThatRunsLongEndsItsVM() throws {
        // Ending the context gives what is left a hundredth of a second; a VM whose queue could
        // not be emptied in that would run the rest in the next app's first call.
        let pool = VirtualMachinePool(capacity: 1)
        var js: JSContext? = JSContext(timeLimit: 1, memoryLimit: nil, pool: pool)
        try js!.evaluate("globalThis.o = { get p() { Promise.resolve().then(() => { const until = Date.now() + 500; while (Date.now() < until) {} }); return 1; } }")
        #expect(try js!.global.get("o").get("p").numberValue == 1)
        js = nil
        #expect(pool.count == 0)
    }

    final class Reached { var yes = false }
}
