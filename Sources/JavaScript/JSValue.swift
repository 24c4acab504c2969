import CJavaScriptCore

/// A JavaScript value, kept alive while Swift holds it.
public final class JSValue: CustomStringConvertible {
    let ref: JSValueRef
    public let context: JSContext
    private let isProtected: Bool

    init(_ ref: JSValueRef, in context: JSContext) {
        self.ref = ref
        self.context = context
        self.isProtected = true
        JSValueProtect(context.ref, ref)
    }

    /// A value that JavaScript itself keeps alive for as long as the wrapper is used: the
    /// arguments and `this` of a call into a Swift function, which live on the caller's stack.
    init(borrowing ref: JSValueRef, in context: JSContext) {
        self.ref = ref
        self.context = context
        self.isProtected = false
    }

    deinit {
        if isProtected { JSValueUnprotect(context.ref, ref) }
    }

    private var ctx: JSContextRef { context.ref }

    public var isUndefined: Bool { JSValueIsUndefined(ctx, ref) }
    public var isNull: Bool { JSValueIsNull(ctx, ref) }
    public var isBoolean: Bool { JSValueIsBoolean(ctx, ref) }
    public var isNumber: Bool { JSValueIsNumber(ctx, ref) }
    public var isString: Bool { JSValueIsString(ctx, ref) }
    public var isObject: Bool { JSValueIsObject(ctx, ref) }
    public var isArray: Bool { JSValueIsArray(ctx, ref) }
    public var isFunction: Bool {
        // Checked first: converting undefined or null would throw, and a thrown error costs.
        guard isObject, let object = JSValueToObject(ctx, ref, nil) else { return false }
        return JSObjectIsFunction(ctx, object)
    }

    public var boolValue: Bool { JSValueToBoolean(ctx, ref) }
    public var numberValue: Double { JSValueToNumber(ctx, ref, nil) }

    /// The value as an integer in `range`: JavaScript's `ToNumber`, truncated toward zero, with
    /// NaN as `fallback` and anything outside the range (±Infinity, 1e20) clamped to its ends.
    /// `Int(someDouble)` traps on those, so every number from JavaScript goes through here.
    public func integer(in range: ClosedRange<Int> = Int(Int32.min)...Int(Int32.max), fallback: Int = 0) -> Int {
        Self.integer(numberValue, in: range, fallback: fallback)
    }

    /// `integer(in:fallback:)` for a number already read.
    public static func integer(_ number: Double, in range: ClosedRange<Int> = Int(Int32.min)...Int(Int32.max), fallback: Int = 0) -> Int {
        guard !number.isNaN else { return fallback }
        if number <= Double(range.lowerBound) { return range.lowerBound }
        if number >= Double(range.upperBound) { return range.upperBound }
        return Int(number.rounded(.towardZero))
    }

    /// JavaScript's `String(value)`.
    public var stringValue: String {
        guard let s = JSValueToStringCopy(ctx, ref, nil) else { return "" }
        defer { JSStringRelease(s) }
        return s.string
    }

    public var description: String { stringValue }

    /// `JSON.stringify(value)`, or `nil` for undefined and functions.
    public func jsonString(indent: Int = 0) -> String? {
        guard let s = JSValueCreateJSONString(ctx, ref, UInt32(clamping: indent), nil) else { return nil }
        defer { JSStringRelease(s) }
        return s.string
    }

    private func object() throws(JSError) -> JSObjectRef {
        var exception: JSValueRef?
        let object = JSValueToObject(ctx, ref, &exception)
        if let exception { throw context.error(from: exception, file: "<native>") }
        return object!
    }

    /// Reads a property.
    /// An array's `length`, read without running any JavaScript (no call into the engine, so
    /// no promise reactions run and no limit is armed); 0 for anything else.
    public var arrayLength: Int {
        guard JSValueIsArray(ctx, ref), let o = JSValueToObject(ctx, ref, nil) else { return 0 }
        let length = JSObjectGetProperty(ctx, o, Self.lengthName, nil)
        return Self.integer(JSValueToNumber(ctx, length, nil), in: 0...Int(UInt32.max))
    }

    nonisolated(unsafe) private static let lengthName = JSStringCreateWithUTF8CString("length")

    public func get(_ key: String) throws(JSError) -> JSValue {
        let o = try object()
        let name = JSStringRef.make(key)
        defer { JSStringRelease(name) }
        var exception: JSValueRef?
        let v = JSObjectGetProperty(ctx, o, name, &exception)
        if let exception { throw context.error(from: exception, file: "<native>") }
        return JSValue(v!, in: context)
    }

    /// Writes a property.
    public func set(_ key: String, _ value: JSValue) throws(JSError) {
        let o = try object()
        let name = JSStringRef.make(key)
        defer { JSStringRelease(name) }
        var exception: JSValueRef?
        JSObjectSetProperty(ctx, o, name, value.ref, 0, &exception)
        if let exception { throw context.error(from: exception, file: "<native>") }
    }

    /// Reads an array element.
    public func at(_ index: Int) throws(JSError) -> JSValue {
        let o = try object()
        var exception: JSValueRef?
        let v = JSObjectGetPropertyAtIndex(ctx, o, UInt32(clamping: index), &exception)
        if let exception { throw context.error(from: exception, file: "<native>") }
        return JSValue(v!, in: context)
    }

    /// The elements of an array-like value.
    public func elements() throws(JSError) -> [JSValue] {
        let n = try get("length").integer(in: 0...Int(UInt32.max))
        var result: [JSValue] = []
        for i in 0..<n { result.append(try at(i)) }
        return result
    }

    /// The elements of an array as strings (`String(element)`), read without a wrapper for
    /// each; nil for anything but an array.
    public func stringElements() -> [String]? {
        guard JSValueIsArray(ctx, ref), let o = JSValueToObject(ctx, ref, nil) else { return nil }
        let n = arrayLength
        var result: [String] = []
        result.reserveCapacity(n)
        for i in 0..<n {
            var exception: JSValueRef?
            guard let element = JSObjectGetPropertyAtIndex(ctx, o, UInt32(i), &exception), exception == nil,
                  let s = JSValueToStringCopy(ctx, element, &exception), exception == nil else { return nil }
            result.append(s.string)
            JSStringRelease(s)
        }
        return result
    }

    /// The own enumerable property names, in order.
    public func keys() throws(JSError) -> [String] {
        let o = try object()
        let names = JSObjectCopyPropertyNames(ctx, o)
        defer { JSPropertyNameArrayRelease(names) }
        return (0..<JSPropertyNameArrayGetCount(names)).map { JSPropertyNameArrayGetNameAtIndex(names, $0).string }
    }

    /// Calls the value as a function.
    @discardableResult
    public func call(_ arguments: [JSValue] = [], this: JSValue? = nil) throws(JSError) -> JSValue {
        let f = try object()
        var exception: JSValueRef?
        let thisObject = try this.map { v throws(JSError) in try v.object() }
        context.enter()
        // The outermost call goes through the job queue's entry, `entry(f, this, ...arguments)`,
        // which drains the jobs the call queues in the same entry into the VM.
        let entry = context.isOutermost ? context.jobs?.entry : nil
        var args: [JSValueRef?] = []
        args.reserveCapacity(arguments.count + 2)
        if entry != nil { args += [f, thisObject ?? JSValueMakeUndefined(ctx)] }
        for argument in arguments { args.append(argument.ref) }
        let result = args.withUnsafeMutableBufferPointer { buffer in
            JSObjectCallAsFunction(ctx, entry ?? f, entry == nil ? thisObject : nil, buffer.count, buffer.baseAddress, &exception)
        }
        if let cut = context.leave(drained: entry != nil) { throw context.error(for: cut) }
        if let exception { throw context.error(from: exception, file: "<native>") }
        return JSValue(result!, in: context)
    }

    /// Calls a method of the value.
    @discardableResult
    public func invoke(_ method: String, _ arguments: [JSValue] = []) throws(JSError) -> JSValue {
        try get(method).call(arguments, this: self)
    }
}
