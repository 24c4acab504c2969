import Crypto
import Foundation
import JavaScript

/// The Swift side of the bridge: what each `NativeCall` does. It holds what the natives need
/// and the runtime unowned, since the runtime holds the natives (through its context).
struct NativeHost {
    unowned let runtime: ExpressRuntime
    let events: EventLog
    let stores: StoreRegistry
    let now: @Sendable () -> Date
    let randomBytes: @Sendable (Int) -> [UInt8]
    let environment: [String: String]
    /// The folder the app's relative paths start from (a SQLite store's file).
    let workingDirectory: URL
    /// The app's file name and source, for `sourceLine`.
    let file: String
    let source: String
    /// HMAC-SHA256 keyed once per secret.
    let macs = MACCache()

    /// Runs on the runtime's executor: the natives are only called from its JavaScript.
    func perform(_ call: NativeCall, in js: JSContext) -> NativeResult {
        switch call {
        case .now:
            // Inside a timer the virtual clock fired, the time is the one it was due at.
            let date = runtime.assumeIsolated { $0.virtualNow } ?? now()
            return .number((date.timeIntervalSince1970 * 1000).rounded(.down))
        case .loadModule(let name):
            guard let script = RuntimeScript.onDemand[name] else { return .nothing }
            runtime.assumeIsolated { $0.load(script) }
            return .nothing
        case .log(let level, let text, let requestID):
            events.append(ServerEvent(kind: .console(level: level), text: text, requestID: requestID))
            return .nothing
        case .why(let requestID, let module, let text):
            events.append(ServerEvent(kind: .decision(source: module), text: text, requestID: requestID))
            return .nothing
        case .hmac(let key, let message):
            return .string(macs.sign(message, key: key))
        case .sourceLine(let file, let n):
            guard file == self.file else { return .optionalString(nil) }
            let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
            return .optionalString(lines.indices.contains(n - 1) ? String(lines[n - 1]) : nil)
        case .nodeMessage(let name, let message):
            return .string(NodeErrorWording.message(name: name, message))
        case .sha1base64(let text):
            var text = text
            let digest = text.withUTF8 { Insecure.SHA1.hash(data: UnsafeRawBufferPointer($0)) }
            return .string(Data(digest).base64EncodedString())
        case .randomBytes(let count):
            return .string(Data(randomBytes(count)).base64EncodedString())
        case .env:
            return .object(environment)
        case .timer(let id, let milliseconds):
            runtime.assumeIsolated { $0.schedule(timer: id, milliseconds: milliseconds) }
            return .nothing
        case .clearTimer(let id):
            runtime.assumeIsolated { $0.cancel(timer: id) }
            return .nothing
        case .respond(let id, let status, let reason, let headers, let lines, let body):
            let checked = ExpressRuntime.response(status: status, reason: reason, headers: headers, lines: lines, body: body)
            runtime.assumeIsolated { runtime in
                switch checked {
                case .success(let response): runtime.respond(id, response)
                case .failure(let refusal): runtime.refuse(id, refusal)
                }
            }
            return .nothing
        case .storeCreate:
            return .number(Double(stores.add(SessionStore(now: now))))
        case .storeGet(let store, let sid, let requestID):
            return .optionalString(stores.store(store)?.get(sid, requestID: requestID))
        case .storeSet(let store, let sid, let json, let ms, let requestID):
            // A JavaScript Date holds at most ±8.64e15 ms (ECMA-262 §21.4.1.22).
            stores.store(store)?.set(sid, json: json, expires: abs(ms) <= 8.64e15 ? Date(timeIntervalSince1970: ms / 1000) : nil,
                                     requestID: requestID)
            return .nothing
        case .storeStamp(let store, let sid):
            return .number(Double(stores.store(store)?.stamp(sid) ?? 0))
        case .storeDestroy(let store, let sid, let requestID):
            stores.store(store)?.destroy(sid, requestID: requestID)
            return .nothing
        case .storeAll(let store):
            let entries = stores.store(store)?.sessions ?? []
            // MemoryStore#all: sid → session, as one JSON object.
            let body = entries.map { ExpressRuntime.jsonQuote($0.id) + ":" + $0.json }.joined(separator: ",")
            return .string("{" + body + "}")
        case .storeClear(let store, let requestID):
            stores.store(store)?.clear(requestID: requestID)
            return .nothing
        case .sqlite(let call):
            return perform(call)

        // PostgreSQL: a pool's settings are checked when it is made; queries and end() run on
        // postgres-nio and complete later, through crumbs.pgDone.
        case .pgPool(let config):
            return .number(Double(runtime.postgres.add(json: config, on: runtime.loop)))
        case .pgQuery(let pool, let text, let parameters, let requestID, let call):
            runtime.assumeIsolated { $0.startQuery(pool: pool, text: text, parameters: parameters, call: call, requestID: requestID) }
            return .nothing
        case .pgEnd(let pool, let call):
            runtime.assumeIsolated { $0.endPool(pool, call: call) }
            return .nothing
        }
    }
}

/// HMAC-SHA256 states keyed with each secret the app signs with (an app has one or two): keying
/// hashes the padded key twice, so a request's signatures start from a copy of the keyed state.
/// Used on the runtime's executor only.
final class MACCache {
    private var keyed: [String: HMAC<SHA256>] = [:]

    /// base64(HMAC-SHA256(key, message)), padded, as cookie-signature's digest('base64').
    func sign(_ message: String, key: String) -> String {
        var mac: HMAC<SHA256>
        if let state = keyed[key] {
            mac = state
        } else {
            mac = HMAC<SHA256>(key: SymmetricKey(data: Data(key.utf8)))
            // A bound: an app that signs with endless secrets keys each one afresh.
            if keyed.count < 16 { keyed[key] = mac }
        }
        var message = message
        message.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
        return Data(mac.finalize()).base64EncodedString()
    }
}
