import JavaScript

/// One call across the bridge, checked against its `NativeOperation` and read as Swift values.
/// The JavaScript values it holds are borrowed from the call: act on them during it.
enum NativeCall {
    case now
    case loadModule(name: String)
    case log(level: String, text: String, requestID: Int)
    case why(requestID: Int, module: String, text: String)
    case hmac(key: String, message: String)
    case sourceLine(file: String, line: Int)
    case nodeMessage(name: String, message: String)
    case sha1base64(text: String)
    case randomBytes(count: Int)
    case env
    case timer(id: Int, milliseconds: Int)
    case clearTimer(id: Int)
    case respond(requestID: Int, status: JSValue, reason: String, headers: JSValue, lines: String, body: String)
    case storeCreate
    case storeGet(store: Int, sid: String, requestID: Int)
    case storeSet(store: Int, sid: String, json: String, expires: Double, requestID: Int)
    case storeStamp(store: Int, sid: String)
    case storeDestroy(store: Int, sid: String, requestID: Int)
    case storeAll(store: Int)
    case storeClear(store: Int, requestID: Int)
    /// connect-sqlite3's statements.
    case sqlite(SQLiteCall)

    // PostgreSQL (the `pg` module)
    case pgPool(config: String)
    case pgQuery(pool: Int, text: String, parameters: [String?], requestID: Int, call: Int)
    case pgEnd(pool: Int, call: Int)
}

/// What an operation gives back to JavaScript, of its declared `ResultType`.
enum NativeResult: Equatable {
    case nothing
    case number(Double)
    case boolean(Bool)
    case string(String)
    /// A string, or undefined.
    case optionalString(String?)
    /// An object of string properties.
    case object([String: String])

    var type: NativeOperation.ResultType {
        switch self {
        case .nothing: .nothing
        case .number: .number
        case .boolean: .boolean
        case .string: .string
        case .optionalString: .optionalString
        case .object: .object
        }
    }

    func value(in js: JSContext) throws(JSError) -> JSReturn {
        switch self {
        case .nothing: return .undefined
        case .number(let n): return .number(n)
        case .boolean(let b): return .boolean(b)
        case .string(let s): return .string(s)
        case .optionalString(let s): return s.map(JSReturn.string) ?? .undefined
        case .object(let properties):
            let o = js.object()
            for (k, v) in properties { try o.set(k, js.string(v)) }
            return .value(o)
        }
    }
}

extension NativeOperation {
    /// The operation as a JavaScript function: checks the call, hands it to `perform`, and
    /// returns its result; a mismatch throws a TypeError naming the operation. The function
    /// gets its context from each call, so it holds no context (the context holds it).
    func function(in context: JSContext, perform: @escaping (NativeCall, JSContext) throws -> NativeResult) -> JSValue {
        let parameters = signature.parameters
        return context.plainFunction(rawValue) { arguments in
            let js = arguments.context
            let call: NativeCall
            do throws(Mismatch) {
                call = try decode(arguments, parameters: parameters)
            } catch {
                throw JSThrow(Self.typeError(error.description, in: js))
            }
            let result = try perform(call, js)
            assert(result.type == signature.result, "\(self.call) returned \(result.type), declared \(signature.result)")
            return try result.value(in: js)
        }
    }

    /// `new TypeError(message)`, made by calling the constructor (which makes one either way).
    static func typeError(_ message: String, in js: JSContext) -> JSValue {
        if let constructor = try? js.global.get("TypeError"), constructor.isFunction,
           let error = try? constructor.call([js.string(message)]) {
            return error
        }
        return js.makeError(message)
    }
}
