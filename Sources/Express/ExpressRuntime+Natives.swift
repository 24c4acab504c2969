import Crypto
import Foundation
import JavaScript

extension ExpressRuntime {
    /// The bridge the prelude uses: clock, console, crypto, timers, responses and the store.
    func installNatives() throws(JSError) {
        try Self.installNatives(in: js, runtime: self, events: events, stores: stores, now: now,
                                randomBytes: randomBytes, environment: environment)
    }

    /// Static, so that the closures are not isolated to the runtime: an isolated closure would
    /// hold the runtime, and the runtime holds the closures (through its JavaScript context).
    private static func installNatives(in context: JSContext, runtime: ExpressRuntime, events: EventLog, stores: StoreRegistry,
                                       now: @escaping @Sendable () -> Date, randomBytes: @escaping @Sendable (Int) -> [UInt8],
                                       environment: [String: String]) throws(JSError) {
        let native = context.object()

        // Each native gets the context from its call, so no closure holds the context that
        // holds it.
        func define(_ name: String, _ body: @escaping (_ args: [JSValue], _ js: JSContext) throws -> JSValue?) throws(JSError) {
            try native.set(name, context.function(name) { args, this in try body(args, this.context) })
        }
        func arg(_ args: [JSValue], _ i: Int) -> String { i < args.count ? args[i].stringValue : "" }
        // Every number from JavaScript is clamped: `Int(Double)` traps on NaN, ±Infinity and 1e20.
        func number(_ args: [JSValue], _ i: Int, in range: ClosedRange<Int> = Int(Int32.min)...Int(Int32.max)) -> Int {
            i < args.count ? args[i].integer(in: range) : 0
        }

        try define("now") { [unowned runtime] _, js in
            // Inside a timer the virtual clock fired, the time is the one it was due at.
            let date = runtime.assumeIsolated { $0.virtualNow } ?? now()
            return js.number((date.timeIntervalSince1970 * 1000).rounded(.down))
        }
        try define("log") { args, js in
            events.append(ServerEvent(kind: .console(level: arg(args, 0)), text: arg(args, 1), requestID: number(args, 2)))
            return nil
        }
        try define("why") { args, js in
            events.append(ServerEvent(kind: .decision(source: arg(args, 1)), text: arg(args, 2), requestID: number(args, 0)))
            return nil
        }
        try define("hmac") { args, js in
            let mac = HMAC<SHA256>.authenticationCode(for: Data(arg(args, 1).utf8), using: SymmetricKey(data: Data(arg(args, 0).utf8)))
            return js.string(Data(mac).base64EncodedString())
        }
        // A line of the app's own source, for Node's call-site columns in deprecation warnings.
        let file = runtime.file, source = runtime.source
        try define("sourceLine") { args, js in
            guard arg(args, 0) == file else { return js.undefined }
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
            let n = number(args, 1)
            return lines.indices.contains(n - 1) ? js.string(String(lines[n - 1])) : js.undefined
        }
        try define("nodeMessage") { args, js in js.string(NodeErrorWording.message(name: arg(args, 0), arg(args, 1))) }
        try define("sha1base64") { args, js in
            js.string(Data(Insecure.SHA1.hash(data: Data(arg(args, 0).utf8))).base64EncodedString())
        }
        try define("randomBytes") { args, js in js.string(Data(randomBytes(number(args, 0, in: 0...4096))).base64EncodedString()) }
        try define("env") { _, js in
            let o = js.object()
            for (k, v) in environment { try o.set(k, js.string(v)) }
            return o
        }
        try define("timer") { [unowned runtime] args, _ in
            // The prelude makes the delay Node's (1 to 2^31-1 ms); clamped here all the same.
            let id = number(args, 0)
            let ms = number(args, 1, in: 1...Int(Int32.max))
            runtime.assumeIsolated { $0.schedule(timer: id, milliseconds: ms) }
            return nil
        }
        try define("overdue") { [unowned runtime] args, js in
            let id = number(args, 0)
            return js.boolean(runtime.assumeIsolated { $0.isOverdue(requestID: id) })
        }
        try define("clearTimer") { [unowned runtime] args, _ in
            let id = number(args, 0)
            runtime.assumeIsolated { $0.cancel(timer: id) }
            return nil
        }
        try define("respond") { [unowned runtime] args, _ in
            let id = number(args, 0)
            let checked = Self.response(status: args.count > 1 ? args[1] : nil, reason: arg(args, 2),
                                        headers: args.count > 3 ? args[3] : nil, body: arg(args, 4))
            runtime.assumeIsolated { runtime in
                switch checked {
                case .success(let response): runtime.respond(id, response)
                case .failure(let refusal): runtime.refuse(id, refusal)
                }
            }
            return nil
        }
        try define("storeCreate") { _, js in js.number(Double(stores.add(SessionStore(now: now)))) }
        try define("storeGet") { args, js in
            stores.store(number(args, 0))?.get(arg(args, 1)).map(js.string) ?? js.undefined
        }
        try define("storeSet") { args, js in
            // The fourth argument is cookie.expires in milliseconds, or NaN when it has none;
            // a JavaScript Date holds at most ±8.64e15 ms (ECMA-262 §21.4.1.22).
            let ms = args.count > 3 ? args[3].numberValue : .nan
            stores.store(number(args, 0))?.set(arg(args, 1), json: arg(args, 2),
                                                expires: abs(ms) <= 8.64e15 ? Date(timeIntervalSince1970: ms / 1000) : nil)
            return nil
        }
        try define("storeDestroy") { args, js in
            stores.store(number(args, 0))?.destroy(arg(args, 1))
            return nil
        }
        try define("storeAll") { args, js in
            let entries = stores.store(number(args, 0))?.sessions ?? []
            // MemoryStore#all: sid → session, as one JSON object.
            let body = entries.map { Self.jsonQuote($0.id) + ":" + $0.json }.joined(separator: ",")
            return js.string("{" + body + "}")
        }
        try define("storeClear") { args, js in
            stores.store(number(args, 0))?.clear()
            return nil
        }
        try context.global.set("__native", native)
    }

    /// The request's headers as one JavaScript array, name and value in turn.
    static func headerList(_ headers: [Header], in js: JSContext) -> JSValue {
        var items: [JSValue] = []
        items.reserveCapacity(headers.count * 2)
        for h in headers {
            items.append(js.string(h.name))
            items.append(js.string(h.value))
        }
        return js.array(items)
    }

    /// Why the host refused a response the app's JavaScript handed it.
    struct Refusal: Error, Equatable {
        var message: String
    }

    /// A response from `respond(id, status, reason, [name, value, …], body)`, checked again on
    /// this side of the bridge: the prelude's ServerResponse refuses what Node refuses, but app
    /// code can replace any of it, and nothing it hands over may become a crash or an extra header.
    static func response(status: JSValue?, reason: String, headers: JSValue?, body: String) -> Result<OutgoingResponse, Refusal> {
        guard let status, status.isNumber, status.numberValue.rounded(.towardZero) == status.numberValue,
              (100...999).contains(status.integer()) else {
            return .failure(Refusal(message: "status \(status?.stringValue ?? "undefined") is not an integer from 100 to 999"))
        }
        guard let headers, headers.isArray, let list = try? headers.elements(), list.count % 2 == 0 else {
            return .failure(Refusal(message: "the headers are not a list of names and values"))
        }
        var parsed: [Header] = []
        parsed.reserveCapacity(list.count / 2)
        for i in stride(from: 0, to: list.count, by: 2) {
            let name = list[i].stringValue, value = list[i + 1].stringValue
            guard HTTPSyntax.isToken(name) else { return .failure(Refusal(message: "header name \"\(name)\" is not a token")) }
            guard HTTPSyntax.isFieldValue(value) else {
                return .failure(Refusal(message: "the value of header \"\(name)\" has a control character in it"))
            }
            parsed.append(Header(name, value))
        }
        let reasonText = HTTPSyntax.isFieldValue(reason) ? reason : ""
        return .success(OutgoingResponse(status: status.integer(), reason: reasonText, headers: parsed, body: body))
    }

    static func jsonQuote(_ s: String) -> String {
        var out = "\""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where ch.value < 0x20: out += String(format: "\\u%04x", ch.value)
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }
}
