import CJavaScriptCore
import Foundation
import Synchronization

/// A JavaScriptCore global context with safe Swift values. Not thread-safe: keep each context
/// on one serial executor.
public final class JSContext {
    let group: JSContextGroupRef
    let ref: JSGlobalContextRef
    /// The pooled VM this context runs in, if it has one (`VirtualMachinePool`).
    private let vm: VirtualMachinePool.VirtualMachine?
    private let pool: VirtualMachinePool
    /// The limit on one entry into JavaScript, in seconds, if any.
    public let timeLimit: Double?
    /// The limit on the process's resident memory while JavaScript runs, in bytes, if any.
    public let memoryLimit: Int?
    private let watchdog: Watchdog
    /// Whether JavaScriptCore's sampling profiler runs in this context's VM.
    var sampling = false
    /// The promise jobs, when this context drains them itself (see `JobQueue`).
    let jobs: JobQueue?
    /// Ended when the context begins to end: its Swift functions then do nothing.
    let lifetime = Lifetime()

    /// What stops running code: JavaScriptCore's watchdog, and the limits crumbs adds to it.
    final class Watchdog {
        /// Set by JavaScriptCore's watchdog when it stops a script.
        var fired = false
        let timeLimit: Double
        let memoryLimit: Int?
        /// The outermost call into JavaScript: how deep calls are nested, when it must end, and
        /// the thread it runs on.
        var depth = 0
        var deadline: ContinuousClock.Instant?
        var thread: pthread_t?
        /// The process's resident memory when the outermost call began: the limit is on growth
        /// during one call, so other apps in the same process (the tutor's, lint's, the tests')
        /// count against none of them.
        var residentAtStart = 0
        /// Why a garbage collection cut the time limit short during the current call.
        var cut: Cut?
        /// The last reading of the resident memory, and when it was taken.
        var lastReading: (at: ContinuousClock.Instant, bytes: Int)?

        enum Cut { case time, memory }

        init(timeLimit: Double, memoryLimit: Int?) {
            self.timeLimit = timeLimit
            self.memoryLimit = memoryLimit
        }
    }

    /// Creates a context; with a `timeLimit`, any script or call that runs longer is stopped
    /// and reported as `JSError.timeLimitExceeded`; with a `memoryLimit` too, one during which
    /// the process's memory grows by more than that many bytes is stopped as
    /// `JSError.memoryLimitExceeded` (checked after each garbage collection).
    public convenience init(timeLimit: Double? = nil, memoryLimit: Int? = nil) {
        self.init(timeLimit: timeLimit, memoryLimit: memoryLimit, pool: .shared)
    }

    /// A context whose VM, with limits, comes from and goes back to `pool`.
    init(timeLimit: Double?, memoryLimit: Int?, pool: VirtualMachinePool) {
        _ = Self.engineOptions
        // A context with limits drains its own jobs where JavaScriptCore allows it; its VM can
        // then serve the next such context (`VirtualMachinePool`).
        var reused = false
        if timeLimit != nil, JobQueue.symbols != nil {
            let taken = pool.take()
            (vm, reused) = (taken.vm, taken.reused)
            group = taken.vm.group
        } else {
            vm = nil
            group = JSContextGroupCreate()
        }
        self.pool = pool
        ref = JSGlobalContextCreateInGroup(group, nil)
        // Nothing inspects crumbs' contexts: an exception that comes back to Swift need not
        // carry the native stack (an app's thrown errors, a goal that is not yet met).
        JSGlobalContextSetIncludesNativeCallStackWhenReportingExceptions(ref, false)
        self.timeLimit = timeLimit
        self.memoryLimit = timeLimit == nil ? nil : memoryLimit
        watchdog = Watchdog(timeLimit: timeLimit ?? 0, memoryLimit: self.memoryLimit)
        jobs = timeLimit == nil ? nil : JobQueue(group: group, context: ref, scopeHeld: reused, watchdog: watchdog)
        if let timeLimit {
            Self.setLimit(timeLimit, in: group, watchdog)
            JSContextGroupAddHeapFinalizer(group, Self.afterCollection, Unmanaged.passUnretained(watchdog).toOpaque())
        }
    }

    /// Called by JavaScriptCore at the end of each garbage collection in a limited context's VM.
    private static let afterCollection: JSHeapFinalizer = { group, info in
        guard let group, let info else { return }
        Unmanaged<Watchdog>.fromOpaque(info).takeUnretainedValue().afterCollection(group)
    }

    static func setLimit(_ seconds: Double, in group: JSContextGroupRef, _ watchdog: Watchdog) {
        JSContextGroupSetExecutionTimeLimit(group, seconds, { _, info in
            guard let info else { return true }
            Unmanaged<Watchdog>.fromOpaque(info).takeUnretainedValue().fired = true
            return true
        }, Unmanaged.passUnretained(watchdog).toOpaque())
    }

    /// Whether the call being made is the outermost one (after `enter()`).
    var isOutermost: Bool { watchdog.depth == 1 }

    /// Marks the start of a call into JavaScript; the outermost one sets the deadline.
    func enter() {
        watchdog.depth += 1
        guard watchdog.depth == 1, let timeLimit else { return }
        watchdog.deadline = .now + .seconds(timeLimit)
        watchdog.thread = pthread_self()
        if memoryLimit != nil { watchdog.residentAtStart = watchdog.recentResidentBytes() }
    }

    /// Marks the end of a call; after the outermost one, says whether a collection cut it short
    /// (and puts the normal time limit back).
    /// `drained`: the call went through the job queue's `entry`, which drained the jobs.
    func leave(drained: Bool = false) -> Watchdog.Cut? {
        // The outermost call ends with the jobs it queued, drained inside a call of their own
        // (still within this one for the collections' checks), unless it drained them itself.
        if watchdog.depth == 1, let jobs {
            if drained {
                // A drain the limit stopped leaves its termination pending: taken below.
                if watchdog.fired, watchdog.cut == nil { watchdog.cut = .time }
            } else if watchdog.cut != nil || watchdog.fired {
                // Stopped: the jobs it queued stay queued.
                jobs.mayHoldJobs()
            } else if jobs.run(in: ref) != nil, watchdog.fired {
                watchdog.cut = .time
            }
        }
        watchdog.depth -= 1
        guard watchdog.depth == 0 else { return nil }
        defer {
            watchdog.deadline = nil
            watchdog.thread = nil
        }
        guard let cut = watchdog.cut, let timeLimit else { return nil }
        // A job stopped while the queue drained leaves its termination pending (the next call
        // would report it as its own) and the jobs queued behind it, which run when the next
        // call ends: the loop's next turn among them. Calls that do nothing take the termination
        // and drain those jobs while the limit is still a microsecond, until one ends cleanly.
        let nothing = JSStringRef.make("0")
        defer { JSStringRelease(nothing) }
        // (The deadline has passed: a collection during them cuts again.)
        for _ in 0..<10 {
            var pending: JSValueRef?
            JSEvaluateScript(ref, nothing, nil, nil, 1, &pending)
            if pending == nil { break }
            watchdog.cut = nil
        }
        watchdog.cut = nil
        Self.setLimit(timeLimit, in: group, watchdog)
        watchdog.fired = false
        return cut
    }

    /// The error a cut call reports.
    func error(for cut: Watchdog.Cut) -> JSError {
        switch cut {
        case .time: .timeLimitExceeded(seconds: timeLimit ?? 0)
        case .memory: .memoryLimitExceeded(megabytes: (memoryLimit ?? 0) >> 20)
        }
    }

    /// JavaScriptCore reads its options from `JSC_…` variables once, when the first context is
    /// made. WebAssembly is off: its loops do not check JavaScriptCore's time limit, so a
    /// `loop` in a module would hang the app beyond reach.
    private static let engineOptions: Void = {
        setenv("JSC_useWasm", "false", 1)
        // Stopping a script (the time limit) through polling traps, which the running code checks
        // itself, rather than signals sent to its thread: contexts come and go on threads of
        // their own (an app per thread), and a signal must never chase a thread that has ended.
        setenv("JSC_usePollingTraps", "true", 1)
        // An option set in the environment stays the one that counts (measuring, tuning).
        for (name, value) in readTiering() { setenv("JSC_" + name, value, 0) }
    }()

    deinit {
        lifetime.ended = true
        // The VM serves another context (`VirtualMachinePool`) only if nothing of this one can
        // run in it again: its last call ended with the job queue drained, and what a read of a
        // value since may have queued runs now, briefly, with the host already out of its reach
        // (a Swift function of a context that is ending returns undefined).
        var reusable = false
        if timeLimit != nil {
            if vm != nil, let jobs, jobs.isEmpty, watchdog.depth == 0, !sampling {
                Self.setLimit(0.01, in: group, watchdog)
                watchdog.fired = false
                reusable = jobs.run(in: ref) == nil && !watchdog.fired
            }
            // No watchdog may fire for a context that is going away.
            JSContextGroupClearExecutionTimeLimit(group)
            JSContextGroupRemoveHeapFinalizer(group, Self.afterCollection, Unmanaged.passUnretained(watchdog).toOpaque())
        }
        jobs?.end(in: ref)
        if reusable, let vm {
            JSGlobalContextSetUnhandledRejectionCallback(ref, vm.nothing, nil)
            JSGlobalContextRelease(ref)
            pool.give(vm)
        } else {
            JSGlobalContextRelease(ref)
            if let vm { vm.end() } else { JSContextGroupRelease(group) }
        }
    }

    /// Calls `function(promise, reason)` for each promise rejected with no handler by the end
    /// of the turn that rejected it (JavaScriptCore's host rejection tracker).
    public func onUnhandledRejection(_ function: JSValue) {
        guard function.isFunction, let object = JSValueToObject(ref, function.ref, nil) else { return }
        var exception: JSValueRef?
        JSGlobalContextSetUnhandledRejectionCallback(ref, object, &exception)
    }

    /// Removes a property of the global object, so that code run later cannot reach it.
    public func deleteGlobal(_ name: String) {
        let key = JSStringRef.make(name)
        defer { JSStringRelease(key) }
        JSObjectDeleteProperty(ref, JSContextGetGlobalObject(ref), key, nil)
    }

    /// The global object.
    public var global: JSValue { JSValue(JSContextGetGlobalObject(ref), in: self) }

    /// Runs a script; its completion value is returned.
    @discardableResult
    public func evaluate(_ source: String, file: String = "<input>", line: Int = 1) throws(JSError) -> JSValue {
        try evaluate(ScriptText(source, file: file), line: line)
    }

    /// Runs a script (one made once for many contexts: crumbs' own), its first line numbered
    /// `line`; its completion value is returned.
    @discardableResult
    public func evaluate(_ script: ScriptText, line: Int = 1) throws(JSError) -> JSValue {
        var exception: JSValueRef?
        watchdog.fired = false
        enter()
        let result = JSEvaluateScript(ref, script.text, nil, script.url, Int32(clamping: line), &exception)
        if let cut = leave() { throw error(for: cut) }
        if let exception { throw error(from: exception, file: script.file, source: script.source, firstLine: line) }
        return JSValue(result!, in: self)
    }

    /// Checks that a script parses, without running it, in one context the process keeps for
    /// that (each context is a virtual machine of its own, a millisecond or two to make and to
    /// end; lessons alone have hundreds of blocks to check).
    public static func checkSyntax(_ source: String, file: String = "<input>", line: Int = 1) throws(JSError) {
        try syntaxChecker.withLock { (checker: inout JSContext) throws(JSError) in
            try checker.checkSyntax(source, file: file, line: line)
        }
    }

    private static let syntaxChecker = Mutex(JSContext())

    /// Checks that a script parses, without running it.
    public func checkSyntax(_ source: String, file: String = "<input>", line: Int = 1) throws(JSError) {
        let script = JSStringRef.make(source)
        let url = JSStringRef.make(file)
        defer { JSStringRelease(script); JSStringRelease(url) }
        var exception: JSValueRef?
        if !JSCheckScriptSyntax(ref, script, url, Int32(clamping: line), &exception), let exception {
            throw error(from: exception, file: file, source: source, firstLine: line)
        }
    }

    /// Runs a full garbage collection now. (`JSGarbageCollect` is only a hint, which young
    /// collections answer while dead objects pile up in the old space.)
    public func collectGarbage() { JSSynchronousGarbageCollectForDebugging(ref) }

    /// The heap's figures: `heapSize`, `heapCapacity`, `extraMemorySize`, `objectCount`,
    /// `protectedObjectCount`, `globalObjectCount`, `protectedGlobalObjectCount`. With
    /// `collect`, a full garbage collection runs first, so the counts are of live objects.
    public func memoryStatistics(collect: Bool = false) -> [String: Double] {
        if collect { collectGarbage() }
        let stats = JSValue(JSGetMemoryUsageStatistics(ref), in: self)
        var figures: [String: Double] = [:]
        for key in ["heapSize", "heapCapacity", "extraMemorySize", "objectCount", "protectedObjectCount",
                    "globalObjectCount", "protectedGlobalObjectCount"] {
            if let value = try? stats.get(key), !value.isUndefined { figures[key] = value.numberValue }
        }
        return figures
    }

    // MARK: Making values

    public var undefined: JSValue { JSValue(JSValueMakeUndefined(ref), in: self) }
    public var null: JSValue { JSValue(JSValueMakeNull(ref), in: self) }
    public func boolean(_ b: Bool) -> JSValue { JSValue(JSValueMakeBoolean(ref, b), in: self) }
    public func number(_ n: Double) -> JSValue { JSValue(JSValueMakeNumber(ref, n), in: self) }
    public func string(_ s: String) -> JSValue {
        let js = JSStringRef.make(s)
        defer { JSStringRelease(js) }
        return JSValue(JSValueMakeString(ref, js), in: self)
    }
    public func object() -> JSValue { JSValue(JSObjectMake(ref, nil, nil), in: self) }
    public func array(_ values: [JSValue]) -> JSValue {
        var refs: [JSValueRef?] = values.map(\.ref)
        return JSValue(JSObjectMakeArray(ref, refs.count, &refs, nil), in: self)
    }
    /// Parses JSON text into a value, or `nil` when it is not JSON.
    public func parseJSON(_ text: String) -> JSValue? {
        let js = JSStringRef.make(text)
        defer { JSStringRelease(js) }
        return JSValueMakeFromJSONString(ref, js).map { JSValue($0, in: self) }
    }

    /// A JavaScript function backed by a Swift closure. A thrown `JSThrow` becomes a JavaScript
    /// exception; any other error becomes an `Error` with its description. The arguments and
    /// `this` are borrowed from the call: read them during the call, and do not keep them.
    public func function(_ name: String, _ body: @escaping (_ arguments: [JSValue], _ this: JSValue) throws -> JSValue?) -> JSValue {
        make(name) { arguments, this in
            let context = arguments.context
            let values = (0..<arguments.count).map { arguments[$0] }
            let thisValue = JSValue(borrowing: this ?? JSValueMakeUndefined(context.ref), in: context)
            return try body(values, thisValue).map(JSReturn.value) ?? .undefined
        }
    }

    /// `function(_:_:)` for a closure that reads its arguments in place (no wrapper for each)
    /// and whose results are mostly plain: those cross without a wrapper either (a wrapped value
    /// is protected from the collector and unprotected again).
    public func plainFunction(_ name: String, _ body: @escaping (_ arguments: JSArguments) throws -> JSReturn) -> JSValue {
        make(name) { arguments, _ in try body(arguments) }
    }

    private func make(_ name: String, _ body: @escaping (JSArguments, JSValueRef?) throws -> JSReturn) -> JSValue {
        let box = FunctionBox(context: self, body: body)
        let object = JSObjectMake(ref, Self.functionClass, Unmanaged.passRetained(box).toOpaque())!
        let value = JSValue(object, in: self)
        try? value.set("name", string(name))
        return value
    }

    /// Runs `body` with `values` as a call's arguments (what a Swift function would get).
    public func withArguments<R, E: Error>(_ values: [JSValue], _ body: (JSArguments) throws(E) -> R) throws(E) -> R {
        let refs: [JSValueRef?] = values.map(\.ref)
        return try refs.withUnsafeBufferPointer { (buffer) throws(E) -> R in try body(JSArguments(context: self, refs: buffer)) }
    }

    /// Whether the context has begun to end (`deinit`).
    final class Lifetime {
        var ended = false
    }

    final class FunctionBox {
        /// Not weak: a weak reference gives the context a side table, and every retain and release
        /// of it (each call into Swift makes several) then takes the runtime's slow path. A
        /// function may still be called from a promise job while its context ends (`deinit`), and
        /// then does nothing: `lifetime` says so, and `context` is not touched after it.
        unowned(unsafe) let context: JSContext
        let lifetime: Lifetime
        let body: (JSArguments, JSValueRef?) throws -> JSReturn
        init(context: JSContext, body: @escaping (JSArguments, JSValueRef?) throws -> JSReturn) {
            self.context = context
            self.lifetime = context.lifetime
            self.body = body
        }
    }

    nonisolated(unsafe) static let functionClass: JSClassRef = {
        var definition = kJSClassDefinitionEmpty
        definition.className = nil
        definition.finalize = { object in
            guard let p = JSObjectGetPrivate(object) else { return }
            Unmanaged<FunctionBox>.fromOpaque(p).release()
        }
        definition.callAsFunction = { ctx, function, this, count, arguments, exception in
            guard let function, let p = JSObjectGetPrivate(function) else { return nil }
            let box = Unmanaged<FunctionBox>.fromOpaque(p).takeUnretainedValue()
            guard !box.lifetime.ended else { return JSValueMakeUndefined(ctx) }
            let context = box.context
            let args = JSArguments(context: context, refs: UnsafeBufferPointer(start: arguments, count: count))
            do {
                // Nothing is allocated between making a result and handing it over, so the
                // collector cannot take it meanwhile.
                switch try box.body(args, this) {
                case .undefined: return JSValueMakeUndefined(ctx)
                case .boolean(let b): return JSValueMakeBoolean(ctx, b)
                case .number(let n): return JSValueMakeNumber(ctx, n)
                case .string(let s):
                    let string = JSStringRef.make(s)
                    defer { JSStringRelease(string) }
                    return JSValueMakeString(ctx, string)
                case .value(let v): return v.ref
                }
            } catch let thrown as JSThrow {
                exception?.pointee = thrown.value.ref
            } catch {
                exception?.pointee = context.makeError("\(error)").ref
            }
            return nil
        }
        return JSClassCreate(&definition)
    }()

    /// A JavaScript `Error` object with a message.
    public func makeError(_ message: String) -> JSValue {
        var args: [JSValueRef?] = [string(message).ref]
        return JSValue(JSObjectMakeError(ref, 1, &args, nil), in: self)
    }

    func error(from exception: JSValueRef, file: String, source: String? = nil, firstLine: Int = 1) -> JSError {
        if watchdog.fired, let timeLimit {
            watchdog.fired = false
            return .timeLimitExceeded(seconds: timeLimit)
        }
        let value = JSValue(exception, in: self)
        var name = (try? value.get("name").stringValue) ?? "Error"
        // Node's own errors (lib/internal/errors.js) show their code: `TypeError [ERR_…]: …`.
        if let code = try? value.get("code"), code.isString, code.stringValue.hasPrefix("ERR_"),
           let shown = try? value.invoke("toString").stringValue, shown.hasPrefix("\(name) [\(code.stringValue)]: ") {
            name += " [\(code.stringValue)]"
        }
        let message = (try? value.get("message").stringValue) ?? value.description
        let stack = (try? value.get("stack").stringValue) ?? ""
        var location: JSLocation?
        if let line = try? value.get("line"), line.isNumber {
            let column = (try? value.get("column")).flatMap { $0.isNumber ? $0.integer(in: 0...Int(Int32.max)) : nil } ?? 0
            let source = (try? value.get("sourceURL")).flatMap { $0.isString ? $0.stringValue : nil } ?? file
            location = JSLocation(file: source, line: line.integer(in: 0...Int(Int32.max)), column: column)
        }
        if name == "SyntaxError" {
            if var l = location, l.column == 0, let source {
                l.column = Self.syntaxColumn(message: message, line: l.line - firstLine + 1, in: source)
                location = l
            }
            return .syntax(message: NodeErrorWording.message(name: name, message), location: location)
        }
        return .exception(name: name, message: NodeErrorWording.message(name: name, message), location: location, stack: stack)
    }
}

extension JSContext {
    /// JavaScriptCore's C API gives a syntax error's line but not its column. The message names
    /// the offending token ("Unexpected keyword 'throw'"), so the column is where that token
    /// first stands on the line; the end of the line for "Unexpected end of script"; else the
    /// first non-blank character.
    static func syntaxColumn(message: String, line: Int, in source: String) -> Int {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return 1 }
        let text = Substring(lines[line - 1])
        if message.contains("end of script") { return text.count + 1 }
        if let open = message.firstIndex(of: "'"), let close = message.lastIndex(of: "'"), open < close {
            let token = message[message.index(after: open)..<close]
            if let r = text.range(of: token) { return text.distance(from: text.startIndex, to: r.lowerBound) + 1 }
        }
        return (text.firstIndex { $0 != " " && $0 != "\t" }.map { text.distance(from: text.startIndex, to: $0) } ?? 0) + 1
    }
}

extension String {
    /// Whether the UTF-8 text holds the byte: `memchr` over a native string's storage (a
    /// generic `utf8.contains` steps through the view a byte at a time).
    public func containsByte(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { buffer in
            guard let start = buffer.baseAddress else { return false }
            return memchr(start, Int32(byte), buffer.count) != nil
        } ?? utf8.contains(byte)
    }
}

/// The arguments of a call into a Swift function, borrowed from the call: read them during it,
/// and do not keep them. Reading one makes no wrapper.
public struct JSArguments {
    public let context: JSContext
    private let refs: UnsafeBufferPointer<JSValueRef?>

    init(context: JSContext, refs: UnsafeBufferPointer<JSValueRef?>) {
        self.context = context
        self.refs = refs
    }

    public var count: Int { refs.count }
    /// An argument as a value (borrowed like the call's arguments).
    public subscript(index: Int) -> JSValue { JSValue(borrowing: refs[index]!, in: context) }
    public func isString(_ index: Int) -> Bool { JSValueIsString(context.ref, refs[index]) }
    public func isNumber(_ index: Int) -> Bool { JSValueIsNumber(context.ref, refs[index]) }
    public func isUndefined(_ index: Int) -> Bool { JSValueIsUndefined(context.ref, refs[index]) }
    public func isArray(_ index: Int) -> Bool { JSValueIsArray(context.ref, refs[index]) }
    public func number(_ index: Int) -> Double { JSValueToNumber(context.ref, refs[index], nil) }
    /// JavaScript's `String(argument)`.
    public func string(_ index: Int) -> String {
        guard let s = JSValueToStringCopy(context.ref, refs[index], nil) else { return "" }
        defer { JSStringRelease(s) }
        return s.string
    }
}

/// What a Swift-backed function gives back to JavaScript.
public enum JSReturn {
    case undefined
    case boolean(Bool)
    case number(Double)
    case string(String)
    case value(JSValue)
}

/// Thrown from a Swift-backed function to throw a given JavaScript value.
/// It never leaves the context's executor, which is what makes the unchecked conformance safe.
public struct JSThrow: Error, @unchecked Sendable {
    public let value: JSValue
    public init(_ value: JSValue) { self.value = value }
}

extension JSStringRef {
    static func make(_ s: String) -> JSStringRef {
        // UTF-8 is the fast path; a string with NUL in it cannot go as a C string.
        if !s.containsByte(0) {
            return s.withCString { JSStringCreateWithUTF8CString($0) }
        }
        let units = Array(s.utf16)
        return units.withUnsafeBufferPointer { JSStringCreateWithCharacters($0.baseAddress, $0.count) }
    }

    var string: String {
        let count = JSStringGetLength(self)
        guard count > 0 else { return "" }
        // JavaScriptCore writes UTF-8 straight from its own storage (most strings are 8-bit
        // inside, which reading them as UTF-16 would first widen); it ends with a NUL.
        let capacity = JSStringGetMaximumUTF8CStringSize(self)
        // Most strings that cross are short (header names and values, ids, decisions): they are
        // written on the stack and copied into a string of their exact size, small ones (up to
        // 15 bytes) inside the String itself. Written into the String's own storage instead, each
        // would take a heap block three times its size (UTF-8's worst case), short ones included.
        guard capacity <= Self.onStack else { return decodeInPlace(count: count, capacity: capacity) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            let (written, units) = writeUTF8(into: buffer)
            let bytes = UnsafeBufferPointer(rebasing: buffer[0..<written])
            return units == count ? String(decoding: bytes, as: UTF8.self) : decodeUTF16(count: count) ?? String(decoding: bytes, as: UTF8.self)
        }
    }

    /// Bytes of UTF-8 a conversion writes on the stack at most (1,365 UTF-16 units).
    static let onStack = 4096

    /// A long string, written into the String's own storage.
    private func decodeInPlace(count: Int, capacity: Int) -> String {
        var units = 0
        let utf8 = String(unsafeUninitializedCapacity: capacity) { buffer in
            let written: Int
            (written, units) = writeUTF8(into: buffer)
            return written
        }
        return units == count ? utf8 : decodeUTF16(count: count) ?? utf8
    }

    /// Writes the string's UTF-8 into `buffer` (with a NUL after it); returns how many bytes, and
    /// the UTF-16 length they make. An unpaired surrogate, at which JavaScriptCore's conversion
    /// may stop, makes that length short: such a string goes through the UTF-16 decoder instead
    /// (`decodeUTF16`, which repairs surrogates to U+FFFD).
    private func writeUTF8(into buffer: UnsafeMutableBufferPointer<UInt8>) -> (bytes: Int, units: Int) {
        let written = max(0, buffer.withMemoryRebound(to: CChar.self) { JSStringGetUTF8CString(self, $0.baseAddress, buffer.count) } - 1)
        return (written, Self.utf16Count(UnsafeBufferPointer(rebasing: buffer[0..<written])))
    }

    /// The string read as UTF-16 (nil if JavaScriptCore gives no characters).
    private func decodeUTF16(count: Int) -> String? {
        guard let chars = JSStringGetCharactersPtr(self) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: chars, count: count), as: UTF16.self)
    }

    /// How many UTF-16 units the UTF-8 in `bytes` makes: every byte but a continuation byte
    /// starts a character, and four-byte ones are two units. Eight ASCII bytes at a time
    /// (most of what crosses is ASCII: headers, ids, JSON, decisions).
    static func utf16Count(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        var units = 0
        var i = 0
        while i + 8 <= bytes.count {
            if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                units += 8
            } else {
                for byte in bytes[i..<i + 8] where byte & 0xC0 != 0x80 { units += byte >= 0xF0 ? 2 : 1 }
            }
            i += 8
        }
        for byte in bytes[i...] where byte & 0xC0 != 0x80 { units += byte >= 0xF0 ? 2 : 1 }
        return units
    }
}
