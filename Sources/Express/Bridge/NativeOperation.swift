import JavaScript

/// The bridge from crumbs' JavaScript to Swift, declared once: every operation the runtime's
/// scripts call on `native` (the global `__native` while they load; app code never sees it),
/// with its parameters, their types and its result.
///
/// The natives are installed from this list, one JavaScript function per operation, and every
/// call is checked against it here, in one place: a wrong count or type throws a TypeError
/// naming the operation (`native.storeGet(store, sid, requestID): store must be a number, got undefined`).
/// A call that passes becomes a `NativeCall`, typed values the runtime acts on
/// (`NativeHost.perform`). Numbers cross as integers clamped to a declared range, a response's
/// headers as one array of names and values in turn, sessions as JSON text.
enum NativeOperation: String, CaseIterable, Sendable {
    /// `now() → number`: milliseconds since 1970 on the runtime's clock (inside a timer the
    /// virtual clock fired, the time it was due).
    case now
    /// `log(level, text, requestID)`: a console line, for the request that wrote it.
    case log
    /// `why(requestID, module, text)`: a decision a module made, with its reason.
    case why
    /// `hmac(key, message) → string`: HMAC-SHA256, base64 (cookie-signature).
    case hmac
    /// `sourceLine(file, line) → string | undefined`: a line of the app's own source, for the
    /// call-site column of a deprecation warning.
    case sourceLine
    /// `nodeMessage(name, message) → string`: Node's wording for a JavaScriptCore error message.
    case nodeMessage
    /// `sha1base64(text) → string`: SHA-1 of the UTF-8 text, base64 (the etag module).
    case sha1base64
    /// `loadModule(name)`: runs the script of a module loaded on its first `require`
    /// (`RuntimeScript.onDemand`), which defines it.
    case loadModule
    /// `randomBytes(count) → string`: that many random bytes, base64 (uid-safe).
    case randomBytes
    /// `env() → object`: the environment `process.env` starts from.
    case env
    /// `timer(id, milliseconds)`: (re)arms a timer; the host calls `fireTimer(id)` when due.
    case timer
    /// `clearTimer(id)`: disarms a timer.
    case clearTimer
    /// `respond(requestID, status, reason, headers, lines, body)`: the response to a request;
    /// `lines` is `headers` joined with line feeds, read instead of the array when it has as many
    /// lines as the array has items. The status and headers are checked again on this side
    /// (`ExpressRuntime.response`), which refuses, rather than throws, what app code may have put
    /// there.
    case respond
    /// `storeCreate() → number`: a new MemoryStore's data, held by the host; its id.
    case storeCreate
    /// `storeGet(store, sid, requestID) → string | undefined`: a session's JSON (an expired one
    /// is removed, a change of that request's).
    case storeGet
    /// `storeSet(store, sid, json, expires, requestID)`: stores a session; `expires` is its
    /// cookie's expiry in milliseconds since 1970, or NaN when it has none. The request whose
    /// change it is (undefined: none) is what `crumbs serve` prints it under.
    case storeSet
    /// `storeStamp(store, sid) → number`: the change that last stored a session (0: not held):
    /// the same number later means nothing was stored over it or removed in between.
    case storeStamp
    /// `storeDestroy(store, sid, requestID)`: removes a session.
    case storeDestroy
    /// `storeAll(store) → string`: every session, as one JSON object from sid to session.
    case storeAll
    /// `storeClear(store, requestID)`: removes every session.
    case storeClear

    // connect-sqlite3: the package's statements on a table of a SQLite file, run by the host
    // (`SQLiteSessions`). Each answers an object of strings: its fields below, or `code`,
    // `errno` and `message` when SQLite refused (node-sqlite3's error). `requestID` says which
    // request a change belongs to (0: none, as in the daily cleanup).
    /// `sqliteOpen(path, table, wal) → object`: opens (creating) the file the package would and
    /// its table; `{ store, file, rows }` (file: the path it resolved to, or `:memory:`).
    case sqliteOpen
    /// `sqliteGet(store, sid, now) → object`: `{ sess }` for a row alive at `now`, `{ expired }`
    /// for a row past its expiry, `{}` for none.
    case sqliteGet
    /// `sqliteSet(store, sid, expired, sess, requestID) → object`: INSERT OR REPLACE; `{}`.
    case sqliteSet
    /// `sqliteDestroy(store, sid, requestID) → object`: `{ deleted }` ("1" or "0").
    case sqliteDestroy
    /// `sqliteTouch(store, sid, expired, now) → object`: `{ changed }` ("1" or "0").
    case sqliteTouch
    /// `sqliteAll(store) → object`: `{ sessions }`, every row's sess as one JSON array.
    case sqliteAll
    /// `sqliteLength(store) → object`: `{ count }`.
    case sqliteLength
    /// `sqliteClear(store, requestID) → object`: `{ deleted }`, how many rows.
    case sqliteClear
    /// `sqliteCleanup(store, now, requestID) → object`: `{ ids }`, the ids of the rows past their
    /// expiry it deleted, as a JSON array.
    case sqliteCleanup
    // PostgreSQL, for the `pg` module
    /// `pgPool(config) → number`: a pool for the settings `pg` resolved (JSON); its id.
    case pgPool
    /// `pgQuery(pool, text, parameters, requestID, call)`: starts a query; `parameters` are
    /// strings or null, as node-postgres prepares them. The host calls `pgDone(call, outcome)`
    /// when it ends, outcome being `{"results": […]}` or `{"error": {…}}` as JSON.
    case pgQuery
    /// `pgEnd(pool, call)`: ends a pool; the host calls `pgDone(call, "{}")` when it has.
    case pgEnd

    /// What an operation takes and gives back.
    struct Signature: Sendable {
        var parameters: [Parameter]
        var result: ResultType
    }

    struct Parameter: Sendable {
        var name: String
        var type: ParameterType
    }

    /// What an argument must be, and what Swift receives.
    enum ParameterType: Sendable, Equatable {
        /// A string.
        case string
        /// Any value, as JavaScript's `String(value)`: a session id, which MemoryStore uses as
        /// a property key whatever app code passes.
        case key
        /// A number, as an integer in the range (NaN is 0, beyond an end is that end).
        case integer(ClosedRange<Int>)
        /// A request's id (a number), or undefined for none (0).
        case requestID
        /// A number, as it is (NaN included).
        case number
        /// An array.
        case array
        /// Any value; the operation checks it itself.
        case value
    }

    enum ResultType: Sendable, Equatable {
        case nothing, number, boolean, string, optionalString, object
    }

    private static let int32 = Int(Int32.min)...Int(Int32.max)

    /// What the operation takes and gives back (declared in `declaration`, built once).
    var signature: Signature { Self.signatures[self]! }

    private static let signatures = Dictionary(uniqueKeysWithValues: allCases.map { ($0, $0.declaration) })

    private var declaration: Signature {
        func s(_ parameters: KeyValuePairs<String, ParameterType>, _ result: ResultType = .nothing) -> Signature {
            Signature(parameters: parameters.map { Parameter(name: $0.key, type: $0.value) }, result: result)
        }
        switch self {
        case .now: return s([:], .number)
        case .loadModule: return s(["name": .string])
        case .log: return s(["level": .string, "text": .string, "requestID": .requestID])
        case .why: return s(["requestID": .requestID, "module": .string, "text": .string])
        case .hmac: return s(["key": .string, "message": .string], .string)
        case .sourceLine: return s(["file": .string, "line": .integer(Self.int32)], .optionalString)
        case .nodeMessage: return s(["name": .string, "message": .string], .string)
        case .sha1base64: return s(["text": .string], .string)
        case .randomBytes: return s(["count": .integer(0...4096)], .string)
        case .env: return s([:], .object)
        // The prelude makes a delay Node's (1 to 2^31-1 ms); the range holds it there all the same.
        case .timer: return s(["id": .integer(Self.int32), "milliseconds": .integer(1...Int(Int32.max))])
        case .clearTimer: return s(["id": .integer(Self.int32)])
        case .respond:
            return s(["requestID": .requestID, "status": .value, "reason": .string, "headers": .array, "lines": .string, "body": .string])
        case .storeCreate: return s([:], .number)
        case .storeGet: return s(["store": .integer(Self.int32), "sid": .key, "requestID": .requestID], .optionalString)
        case .storeSet: return s(["store": .integer(Self.int32), "sid": .key, "json": .string, "expires": .number, "requestID": .requestID])
        case .storeStamp: return s(["store": .integer(Self.int32), "sid": .key], .number)
        case .storeDestroy: return s(["store": .integer(Self.int32), "sid": .key, "requestID": .requestID])
        case .storeAll: return s(["store": .integer(Self.int32)], .string)
        case .storeClear: return s(["store": .integer(Self.int32), "requestID": .requestID])
        case .sqliteOpen: return s(["path": .string, "table": .string, "wal": .integer(0...1)], .object)
        case .sqliteGet: return s(["store": .integer(Self.int32), "sid": .key, "now": .number], .object)
        case .sqliteSet:
            return s(["store": .integer(Self.int32), "sid": .key, "expired": .number, "sess": .string, "requestID": .requestID], .object)
        case .sqliteDestroy: return s(["store": .integer(Self.int32), "sid": .key, "requestID": .requestID], .object)
        case .sqliteTouch: return s(["store": .integer(Self.int32), "sid": .key, "expired": .number, "now": .number], .object)
        case .sqliteAll, .sqliteLength: return s(["store": .integer(Self.int32)], .object)
        case .sqliteClear: return s(["store": .integer(Self.int32), "requestID": .requestID], .object)
        case .sqliteCleanup: return s(["store": .integer(Self.int32), "now": .number, "requestID": .requestID], .object)
        case .pgPool: return s(["config": .string], .number)
        case .pgQuery:
            return s(["pool": .integer(Self.int32), "text": .string, "parameters": .array, "requestID": .requestID,
                      "call": .integer(Self.int32)])
        case .pgEnd: return s(["pool": .integer(Self.int32), "call": .integer(Self.int32)])
        }
    }

    /// How JavaScript calls it: `native.storeGet(store, sid, requestID)`.
    var call: String { "native.\(rawValue)(\(signature.parameters.map(\.name).joined(separator: ", ")))" }

    /// A call that does not fit the declaration; JavaScript receives it as a TypeError.
    struct Mismatch: Error, Equatable, CustomStringConvertible {
        var description: String
    }

    /// Checks a call's arguments against the declaration and reads them as Swift values.
    func decode(_ arguments: [JSValue]) throws(Mismatch) -> NativeCall {
        guard let js = arguments.first?.context else { return try decode(nil, parameters: signature.parameters) }
        return try js.withArguments(arguments) { (a) throws(Mismatch) -> NativeCall in try decode(a, parameters: signature.parameters) }
    }

    /// `decode` with the declaration's parameters at hand (the bridge looks them up once), on
    /// the call's arguments in place.
    func decode(_ arguments: JSArguments?, parameters: [Parameter]) throws(Mismatch) -> NativeCall {
        let given = arguments?.count ?? 0
        guard given == parameters.count else {
            let count = parameters.count == 1 ? "1 argument" : "\(parameters.count) arguments"
            throw Mismatch(description: "\(call) takes \(count), got \(given)")
        }
        // Every argument is checked before any is read: a call either fits or is refused whole.
        if let arguments {
            for (index, parameter) in parameters.enumerated() { try check(index, of: arguments, as: parameter) }
        }
        let a = Arguments(operation: self, parameters: parameters, arguments: arguments)
        switch self {
        case .now: return .now
        case .loadModule: return .loadModule(name: a.string("name"))
        case .log: return .log(level: a.string("level"), text: a.string("text"), requestID: a.integer("requestID"))
        case .why: return .why(requestID: a.integer("requestID"), module: a.string("module"), text: a.string("text"))
        case .hmac: return .hmac(key: a.string("key"), message: a.string("message"))
        case .sourceLine: return .sourceLine(file: a.string("file"), line: a.integer("line"))
        case .nodeMessage: return .nodeMessage(name: a.string("name"), message: a.string("message"))
        case .sha1base64: return .sha1base64(text: a.string("text"))
        case .randomBytes: return .randomBytes(count: a.integer("count"))
        case .env: return .env
        case .timer: return .timer(id: a.integer("id"), milliseconds: a.integer("milliseconds"))
        case .clearTimer: return .clearTimer(id: a.integer("id"))
        case .respond:
            return .respond(requestID: a.integer("requestID"), status: a.value("status"), reason: a.string("reason"),
                            headers: a.value("headers"), lines: a.string("lines"), body: a.string("body"))
        case .storeCreate: return .storeCreate
        case .storeGet: return .storeGet(store: a.integer("store"), sid: a.string("sid"), requestID: a.integer("requestID"))
        case .storeSet:
            return .storeSet(store: a.integer("store"), sid: a.string("sid"), json: a.string("json"), expires: a.number("expires"),
                             requestID: a.integer("requestID"))
        case .storeStamp: return .storeStamp(store: a.integer("store"), sid: a.string("sid"))
        case .storeDestroy: return .storeDestroy(store: a.integer("store"), sid: a.string("sid"), requestID: a.integer("requestID"))
        case .storeAll: return .storeAll(store: a.integer("store"))
        case .storeClear: return .storeClear(store: a.integer("store"), requestID: a.integer("requestID"))
        case .sqliteOpen: return .sqlite(.open(path: a.string("path"), table: a.string("table"), wal: a.integer("wal") == 1))
        case .sqliteGet: return .sqlite(.get(store: a.integer("store"), sid: a.string("sid"), now: a.number("now")))
        case .sqliteSet:
            return .sqlite(.set(store: a.integer("store"), sid: a.string("sid"), expired: a.number("expired"), sess: a.string("sess"),
                                requestID: a.integer("requestID")))
        case .sqliteDestroy: return .sqlite(.destroy(store: a.integer("store"), sid: a.string("sid"), requestID: a.integer("requestID")))
        case .sqliteTouch:
            return .sqlite(.touch(store: a.integer("store"), sid: a.string("sid"), expired: a.number("expired"), now: a.number("now")))
        case .sqliteAll: return .sqlite(.all(store: a.integer("store")))
        case .sqliteLength: return .sqlite(.length(store: a.integer("store")))
        case .sqliteClear: return .sqlite(.clear(store: a.integer("store"), requestID: a.integer("requestID")))
        case .sqliteCleanup: return .sqlite(.cleanup(store: a.integer("store"), now: a.number("now"), requestID: a.integer("requestID")))
        case .pgPool: return .pgPool(config: a.string("config"))
        case .pgQuery:
            // Each parameter as text, null (or undefined) as SQL NULL.
            let list = (try? a.value("parameters").elements()) ?? []
            return .pgQuery(pool: a.integer("pool"), text: a.string("text"),
                            parameters: list.map { $0.isNull || $0.isUndefined ? nil : $0.stringValue },
                            requestID: a.integer("requestID"), call: a.integer("call"))
        case .pgEnd: return .pgEnd(pool: a.integer("pool"), call: a.integer("call"))
        }
    }

    /// Whether an argument is what its parameter takes.
    private func check(_ index: Int, of arguments: JSArguments, as parameter: Parameter) throws(Mismatch) {
        func refuse(_ wanted: String) -> Mismatch {
            Mismatch(description: "\(call): \(parameter.name) must be \(wanted), got \(Self.kind(of: arguments[index]))")
        }
        switch parameter.type {
        case .string:
            guard arguments.isString(index) else { throw refuse("a string") }
        case .integer, .number:
            guard arguments.isNumber(index) else { throw refuse("a number") }
        case .requestID:
            guard arguments.isUndefined(index) || arguments.isNumber(index) else { throw refuse("a number or undefined") }
        case .array:
            guard arguments.isArray(index) else { throw refuse("an array") }
        case .key, .value:
            break
        }
    }

    /// JavaScript's `typeof`, with arrays and null told apart.
    static func kind(of value: JSValue) -> String {
        if value.isUndefined { return "undefined" }
        if value.isNull { return "null" }
        if value.isBoolean { return "a boolean" }
        if value.isNumber { return "a number" }
        if value.isString { return "a string" }
        if value.isArray { return "an array" }
        if value.isFunction { return "a function" }
        if value.isObject { return "an object" }
        return "a symbol or bigint"
    }

    /// A checked call's arguments, read by parameter name as its type says. Asking for a name
    /// the declaration does not have, or as another type, is a mistake in `decode`, which the
    /// tests call for every operation.
    struct Arguments {
        var operation: NativeOperation
        var parameters: [Parameter]
        var arguments: JSArguments?

        private func argument(_ name: String) -> (index: Int, type: ParameterType, arguments: JSArguments) {
            guard let index = parameters.firstIndex(where: { $0.name == name }), let arguments else { mistake(name) }
            return (index, parameters[index].type, arguments)
        }
        func string(_ name: String) -> String {
            let (index, type, arguments) = argument(name)
            guard type == .string || type == .key else { mistake(name) }
            return arguments.string(index)
        }
        func integer(_ name: String) -> Int {
            let (index, type, arguments) = argument(name)
            switch type {
            case .integer(let range): return JSValue.integer(arguments.number(index), in: range)
            case .requestID: return arguments.isUndefined(index) ? 0 : JSValue.integer(arguments.number(index), in: NativeOperation.int32)
            default: mistake(name)
            }
        }
        func number(_ name: String) -> Double {
            let (index, type, arguments) = argument(name)
            guard type == .number else { mistake(name) }
            return arguments.number(index)
        }
        func value(_ name: String) -> JSValue {
            let (index, type, arguments) = argument(name)
            guard type == .value || type == .array else { mistake(name) }
            return arguments[index]
        }
        private func mistake(_ name: String) -> Never {
            preconditionFailure("\(operation.call) declares no \(name) of that type")
        }
    }
}
