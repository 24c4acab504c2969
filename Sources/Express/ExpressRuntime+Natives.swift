import Cookies
import Foundation
import JavaScript

extension ExpressRuntime {
    /// Installs the bridge the prelude uses, `__native`: one function per `NativeOperation`,
    /// each call checked against its declaration and performed by a `NativeHost`.
    func installNatives() throws(JSError) {
        try Self.installNatives(in: js, host: NativeHost(runtime: self, events: events, stores: stores, now: now,
                                                         randomBytes: randomBytes, environment: environment,
                                                         workingDirectory: workingDirectory, file: file, source: source))
    }

    /// Static, so that the closures are not isolated to the runtime: an isolated closure would
    /// hold the runtime, and the runtime holds the closures (through its JavaScript context).
    private static func installNatives(in context: JSContext, host: NativeHost) throws(JSError) {
        let native = context.object()
        for operation in NativeOperation.allCases {
            try native.set(operation.rawValue, operation.function(in: context) { call, js in host.perform(call, in: js) })
        }
        // With the system clock (and no virtual time), `Date` needs no call into Swift.
        try native.set("systemClock", context.boolean(host.runtime.systemClock && host.runtime.timerClock == .real))
        try context.global.set("__native", native)
    }

    /// The request's headers, name and value in turn: one string with a line feed between them
    /// (one string to cross, split in JavaScript; HTTP keeps line feeds out of names and
    /// values), or an array when a header holds one all the same.
    static func headerList(_ headers: [HeaderField], in js: JSContext) -> JSValue {
        var joined = ""
        joined.reserveCapacity(headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 2 })
        for (i, h) in headers.enumerated() {
            guard !h.name.containsByte(10), !h.value.containsByte(10) else {
                return js.array(headers.flatMap { [js.string($0.name), js.string($0.value)] })
            }
            if i > 0 { joined += "\n" }
            joined += h.name
            joined += "\n"
            joined += h.value
        }
        return js.string(joined)
    }

    /// Why the host refused a response the app's JavaScript handed it.
    struct Refusal: Error, Equatable {
        var message: String
    }

    /// A response from `respond(id, status, reason, [name, value, …], body)`, checked again on
    /// this side of the bridge: the prelude's ServerResponse refuses what Node refuses, but app
    /// code can replace any of it, and nothing it hands over may become a crash or an extra header.
    /// `lines`, the list joined with line feeds, is read instead of the array when it splits
    /// into as many lines as the array has items: a line feed in a name or a value makes more,
    /// and the array is read item by item (and the response refused for that line feed).
    static func response(status: JSValue?, reason: String, headers: JSValue?, lines: String? = nil, body: String) -> Result<OutgoingResponse, Refusal> {
        guard let status, status.isNumber, status.numberValue.rounded(.towardZero) == status.numberValue,
              (100...999).contains(status.integer()) else {
            return .failure(Refusal(message: "status \(status?.stringValue ?? "undefined") is not an integer from 100 to 999"))
        }
        let split = headers.flatMap { headers in lines.flatMap { Self.lines($0, count: headers.arrayLength) } }
        guard let list = split ?? headers?.stringElements(), list.count % 2 == 0 else {
            return .failure(Refusal(message: "the headers are not a list of names and values"))
        }
        var parsed: [HeaderField] = []
        parsed.reserveCapacity(list.count / 2)
        for i in stride(from: 0, to: list.count, by: 2) {
            let name = list[i], value = list[i + 1]
            guard HTTPSyntax.isToken(name) else { return .failure(Refusal(message: "header name \"\(name)\" is not a token")) }
            guard HTTPSyntax.isFieldValue(value) else {
                return .failure(Refusal(message: "the value of header \"\(name)\" has a control character in it"))
            }
            parsed.append(HeaderField(name, value))
        }
        let reasonText = HTTPSyntax.isFieldValue(reason) ? reason : ""
        return .success(OutgoingResponse(status: status.integer(), reason: reasonText, headers: parsed, body: body))
    }

    /// The lines of `text` (split at each line feed, byte by byte: "\r\n" is one Character),
    /// if there are exactly `count` of them.
    static func lines(_ text: String, count: Int) -> [String]? {
        guard count > 0 else { return nil }
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            var lines: [String] = []
            lines.reserveCapacity(count)
            var start = 0
            for i in bytes.indices where bytes[i] == 10 {
                guard lines.count < count - 1 else { return nil }
                lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
                start = i + 1
            }
            guard lines.count == count - 1 else { return nil }
            lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            return lines
        }
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
