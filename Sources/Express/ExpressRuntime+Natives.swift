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
        func number(_ args: [JSValue], _ i: Int) -> Int { i < args.count ? Int(args[i].numberValue) : 0 }

        try define("now") { _, js in js.number((now().timeIntervalSince1970 * 1000).rounded(.down)) }
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
        try define("randomBytes") { args, js in js.string(Data(randomBytes(number(args, 0))).base64EncodedString()) }
        try define("env") { _, js in
            let o = js.object()
            for (k, v) in environment { try o.set(k, js.string(v)) }
            return o
        }
        try define("timer") { [weak runtime] args, _ in
            let id = number(args, 0)
            let ms = max(1, number(args, 1))
            Task { [weak runtime] in
                try? await Task.sleep(for: .milliseconds(ms))
                await runtime?.fireTimer(id)
            }
            return nil
        }
        try define("respond") { [unowned runtime] args, _ in
            let response = OutgoingResponse(status: number(args, 1), reason: arg(args, 2),
                                            headers: Self.headers(fromFlat: arg(args, 3)), body: arg(args, 4))
            let id = number(args, 0)
            runtime.assumeIsolated { $0.respond(id, response) }
            return nil
        }
        try define("storeCreate") { _, js in js.number(Double(stores.add(SessionStore(now: now)))) }
        try define("storeGet") { args, js in
            stores.store(number(args, 0))?.get(arg(args, 1)).map(js.string) ?? js.undefined
        }
        try define("storeSet") { args, js in
            // The fourth argument is cookie.expires in milliseconds, or NaN when it has none.
            let ms = args.count > 3 ? args[3].numberValue : .nan
            stores.store(number(args, 0))?.set(arg(args, 1), json: arg(args, 2),
                                                expires: ms.isFinite ? Date(timeIntervalSince1970: ms / 1000) : nil)
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

    /// Headers cross the bridge as one string, "name\0value\0name\0value" (HTTP forbids NUL in
    /// both), which costs one conversion instead of a JSON round trip.
    static func headers(fromFlat flat: String) -> [Header] {
        let parts = flat.split(separator: "\0", omittingEmptySubsequences: false)
        return stride(from: 0, to: parts.count - 1, by: 2).map { Header(String(parts[$0]), String(parts[$0 + 1])) }
    }

    static func flat(_ headers: [Header]) -> String {
        headers.map { "\($0.name)\0\($0.value)" }.joined(separator: "\0")
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
