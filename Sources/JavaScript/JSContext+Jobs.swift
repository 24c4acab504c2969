import CJavaScriptCore
import Foundation

// JavaScriptCore runs promise jobs when the outermost call into it ends, as each call releases
// its lock, and every job there is an entry into the VM of its own: the watchdog times each job
// alone, so `while (true) await null`, a loop of jobs of a microsecond each that allocates
// nothing, ran forever beyond the time limit's reach (and beyond the collections that check it).
//
// The VM has a count of "drain later" scopes (`JSC::VM::DrainMicrotaskDelayScope`, which WebKit
// uses to batch work): while it is above zero, releasing the lock leaves the jobs queued. An app's
// context holds one such scope for its whole life and drains its jobs itself, at the end of each
// outermost call, from inside a call of its own (a host function that lets the count fall to zero
// and raises it again): the jobs then run nested in one entry, so the watchdog times the whole
// drain, and stops a loop of jobs within the limit like any other loop.
//
// The scope's functions are C++ members that libjavascriptcoregtk exports for WebKit but that no
// public header declares; they are looked up by their mangled names when the first context is
// made. Where they are missing the context runs as before: JavaScriptCore drains the jobs itself,
// and such a loop is only noticed (ExpressRuntime's stuck alarm).
extension JSContext {
    /// The jobs queue of a context that drains it itself.
    final class JobQueue {
        /// `JSC::VM::DrainMicrotaskDelayScope`: one field, the VM. It is filled here without taking
        /// a reference on the VM (which the scope's constructor would), so the context still ends
        /// the VM when it goes; the VM ends with the count above zero, its queued jobs unrun.
        let scope: UnsafeMutablePointer<OpaquePointer?>
        /// The host function whose call drains the queue.
        private(set) var drain: JSObjectRef?
        /// The host function an outermost call goes through: `entry(f, this, ...arguments)` calls
        /// `f` and then drains the queue, in the same entry into the VM (each entry costs the
        /// watchdog a read of the thread's CPU time, a system call).
        private(set) var entry: JSObjectRef?
        /// What tells whether the call was stopped.
        unowned let watchdog: Watchdog

        /// Whether the queue was empty when the last call into the context ended (a job the
        /// time limit stopped leaves those behind it queued).
        private(set) var isEmpty = true

        /// `scopeHeld`: the VM comes from an earlier context, which left the scope held.
        init?(group: JSContextGroupRef, context: JSGlobalContextRef, scopeHeld: Bool, watchdog: Watchdog) {
            guard let symbols = Self.symbols else { return nil }
            self.watchdog = watchdog
            scope = .allocate(capacity: 1)
            // A context group is its VM (APICast.h: `toRef(VM*)`).
            scope.initialize(to: OpaquePointer(UnsafeRawPointer(group)))
            if !scopeHeld { symbols.increment(UnsafeMutableRawPointer(scope)) }
            drain = JSObjectMake(context, Self.drainClass, UnsafeMutableRawPointer(scope))
            JSValueProtect(context, drain)
            entry = JSObjectMake(context, Self.entryClass, Unmanaged.passUnretained(self).toOpaque())
            JSValueProtect(context, entry)
        }

        /// Lets the functions go; before the context is released.
        func end(in context: JSGlobalContextRef) {
            JSValueUnprotect(context, drain)
            JSValueUnprotect(context, entry)
            drain = nil
            entry = nil
        }

        /// Notes that a call was stopped before its jobs ran.
        func mayHoldJobs() { isEmpty = false }

        deinit { scope.deallocate() }

        /// Runs the queued jobs, nested in a call into JavaScript of their own. Returns the
        /// exception that ended the drain (the watchdog's termination), or nil.
        func run(in context: JSGlobalContextRef) -> JSValueRef? {
            var exception: JSValueRef?
            JSObjectCallAsFunction(context, drain, nil, 0, nil, &exception)
            isEmpty = exception == nil
            return exception
        }

        /// The entry function's class (see `entry`).
        nonisolated(unsafe) static let entryClass: JSClassRef = {
            var definition = kJSClassDefinitionEmpty
            definition.callAsFunction = { context, function, _, count, arguments, exception in
                guard let function, let p = JSObjectGetPrivate(function), count >= 2, let arguments,
                      let target = JSValueToObject(context, arguments[0], nil), let symbols = JobQueue.symbols else {
                    return JSValueMakeUndefined(context)
                }
                let queue = Unmanaged<JobQueue>.fromOpaque(p).takeUnretainedValue()
                let this = JSValueIsObject(context, arguments[1]) ? JSValueToObject(context, arguments[1], nil) : nil
                var thrown: JSValueRef?
                let result = JSObjectCallAsFunction(context, target, this, count - 2, arguments + 2, &thrown)
                if queue.watchdog.fired || queue.watchdog.cut != nil {
                    // Stopped: the jobs it queued stay queued.
                    queue.mayHoldJobs()
                } else {
                    symbols.decrement(UnsafeMutableRawPointer(queue.scope))
                    symbols.increment(UnsafeMutableRawPointer(queue.scope))
                    queue.isEmpty = !queue.watchdog.fired
                }
                if let thrown {
                    exception?.pointee = thrown
                    return nil
                }
                return result
            }
            return JSClassCreate(&definition)
        }()

        typealias ScopeFunction = @convention(c) (UnsafeMutableRawPointer) -> Void

        /// `increment()` and `decrement()` of the scope (decrement drains the queue when the
        /// count reaches zero), or nil when this JavaScriptCore does not export them.
        static let symbols: (increment: ScopeFunction, decrement: ScopeFunction)? = {
            // A nil handle is RTLD_DEFAULT: the libraries the process has loaded.
            guard let increment = dlsym(nil, "_ZN3JSC2VM24DrainMicrotaskDelayScope9incrementEv"),
                  let decrement = dlsym(nil, "_ZN3JSC2VM24DrainMicrotaskDelayScope9decrementEv") else { return nil }
            return (unsafeBitCast(increment, to: ScopeFunction.self), unsafeBitCast(decrement, to: ScopeFunction.self))
        }()

        /// The drain function's class: calling it lets the count fall to zero (which drains the
        /// queue on this thread, under the lock the call holds) and raises it again.
        nonisolated(unsafe) static let drainClass: JSClassRef = {
            var definition = kJSClassDefinitionEmpty
            definition.callAsFunction = { context, function, _, _, _, _ in
                if let function, let scope = JSObjectGetPrivate(function), let symbols = JobQueue.symbols {
                    symbols.decrement(scope)
                    symbols.increment(scope)
                }
                return JSValueMakeUndefined(context)
            }
            return JSClassCreate(&definition)
        }()
    }

    /// Whether this context drains its promise jobs itself, inside the time limit.
    public var drainsJobsWithinLimit: Bool { jobs != nil }
}
