import Foundation
import Testing
@testable import JavaScript

@Suite struct LimitTests {
    @Test func aPromiseLoopIsStoppedWithinTheLimitAndTheContextStillWorks() throws {
        let js = JSContext(timeLimit: 0.3)
        let started = ContinuousClock.now
        #expect(throws: JSError.timeLimitExceeded(seconds: 0.3)) {
            try js.evaluate("const f = () => Promise.resolve().then(f); f(); 1")
        }
        // The limit and the next garbage collection; a loaded machine adds seconds.
        #expect(ContinuousClock.now - started < .seconds(8))
        #expect(try js.evaluate("1 + 1").numberValue == 2)
        #expect(try js.evaluate("Promise.resolve(5).then(v => globalThis.v = v); 0").numberValue == 0)
        #expect(try js.evaluate("v").numberValue == 5)
    }

    @Test func anAwaitLoopThatAllocatesIsStopped() throws {
        let js = JSContext(timeLimit: 0.3)
        let started = ContinuousClock.now
        #expect(throws: JSError.timeLimitExceeded(seconds: 0.3)) {
            try js.evaluate("(async () => { while (true) await new Array(64).fill(0); })(); 1")
        }
        // The limit and the next garbage collection; a loaded machine adds seconds.
        #expect(ContinuousClock.now - started < .seconds(8))
        #expect(try js.evaluate("2 + 2").numberValue == 4)
    }

    @Test func anAwaitLoopThatAllocatesNothingIsStoppedWithinTheLimit() throws {
        let js = JSContext(timeLimit: 0.3)
        try #require(js.drainsJobsWithinLimit, "this JavaScriptCore does not export its drain-later scope")
        let started = ContinuousClock.now
        #expect(throws: JSError.timeLimitExceeded(seconds: 0.3)) {
            try js.evaluate("(async () => { while (true) await null; })(); 1")
        }
        // Stopped by the watchdog itself, with no collection to wait for.
        #expect(ContinuousClock.now - started < .seconds(3))
        // The next call is the app's own again, and its jobs still run, in order.
        #expect(try js.evaluate("globalThis.order = []; Promise.resolve().then(() => order.push('then')); (async () => { await null; order.push('await') })(); order.push('sync'); 0").numberValue == 0)
        #expect(try js.evaluate("order.join()").stringValue == "sync,then,await")
    }

    @Test func jobsRunWhenTheCallThatQueuedThemEnds() throws {
        let js = JSContext(timeLimit: 1)
        let f = try js.evaluate("globalThis.seen = []; (v) => { Promise.resolve(v).then(x => seen.push(x)); seen.push('call ' + v) }")
        try f.call([js.number(1)])
        #expect(try js.evaluate("seen.join()").stringValue == "call 1,1")
        try f.call([js.number(2)])
        #expect(try js.evaluate("seen.join()").stringValue == "call 1,1,call 2,2")
    }

    @Test func aCallPastTheMemoryLimitIsStopped() throws {
        let js = JSContext(timeLimit: 10, memoryLimit: 200 << 20)
        #expect(throws: JSError.memoryLimitExceeded(megabytes: 200)) {
            try js.evaluate("const a = []; while (true) a.push({ n: a.length, s: 'x' + a.length }); 1")
        }
        #expect(try js.evaluate("3 + 3").numberValue == 6)
    }

    @Test func webAssemblyIsOff() throws {
        let js = JSContext(timeLimit: 1)
        #expect(try js.evaluate("typeof WebAssembly").stringValue == "undefined")
    }

    @Test func numbersFromJavaScriptAreClampedNotTrapped() throws {
        #expect(JSValue.integer(.nan) == 0)
        #expect(JSValue.integer(.infinity) == Int(Int32.max))
        #expect(JSValue.integer(-.infinity) == Int(Int32.min))
        #expect(JSValue.integer(1e20, in: 0...65535) == 65535)
        #expect(JSValue.integer(-3.9, in: -10...10) == -3)
        #expect(JSValue.integer(.nan, fallback: 7) == 7)
        let js = JSContext()
        #expect(try js.evaluate("({ length: -5 })").elements().isEmpty)
        #expect(throws: JSError.self) { try js.evaluate("throw { line: Infinity, column: NaN, message: 'x' }") }
    }
}
