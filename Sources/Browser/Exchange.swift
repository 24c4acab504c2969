import Cookies
import Foundation


/// A request as the browser put it on the wire.
public struct SentRequest: Sendable, Hashable {
    public var method: String
    public var url: CookieURL
    public var headers: [HeaderField]
    public var body: [UInt8]

    /// The request as raw HTTP/1.1 text.
    public var raw: String {
        var lines = ["\(method) \(url.target) HTTP/1.1"]
        lines += headers.map { "\($0.name): \($0.value)" }
        return lines.joined(separator: "\r\n") + "\r\n\r\n" + String(decoding: body, as: UTF8.self)
    }
}

/// A response as the browser received it.
public struct ReceivedResponse: Sendable, Hashable {
    public var status: Int
    public var reason: String
    public var headers: [HeaderField]
    public var body: [UInt8]

    public init(status: Int, reason: String, headers: [HeaderField], body: [UInt8]) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
    public var setCookies: [String] { headers.values("Set-Cookie") }

    /// The response as raw HTTP/1.1 text.
    public var raw: String {
        var lines = ["HTTP/1.1 \(status) \(reason)"]
        lines += headers.map { "\($0.name): \($0.value)" }
        return lines.joined(separator: "\r\n") + "\r\n\r\n" + text
    }
}

/// One request and what came of it; a redirect gives an exchange several hops.
public struct Hop: Sendable, Hashable {
    public enum Result: Sendable, Hashable {
        case response(ReceivedResponse)
        /// The server accepted the request and never answered within the browser's timeout.
        case noResponse(after: TimeInterval)
        case failed(String)
    }

    public var request: SentRequest
    /// The cookies the jar chose to send, and those it held back with why.
    public var cookies: CookieSelection
    public var result: Result
    /// What the jar did with each Set-Cookie header, in order.
    public var stored: [StoreDecision]

    public var response: ReceivedResponse? {
        if case .response(let r) = result { return r }
        return nil
    }
}

/// Everything one browser action did: the record the tutor renders.
public struct Exchange: Sendable, Hashable {
    public var profile: String
    /// The browser rules the exchange ran under.
    public var rules: CookieRules = CookieRules()
    /// Virtual time when the exchange started.
    public var startedAt: Date
    public var hops: [Hop]
    public var jarBefore: [Cookie]
    public var jarAfter: [Cookie]

    /// The last response, after any redirects.
    public var response: ReceivedResponse? { hops.last?.response }

    /// Did the last request go unanswered?
    public var timedOut: Bool {
        if case .noResponse = hops.last?.result { return true }
        return false
    }

    /// Every Set-Cookie decision of every hop.
    public var decisions: [StoreDecision] { hops.flatMap(\.stored) }

    /// Every cookie held back on any hop.
    public var withheld: [Withheld] { hops.flatMap(\.cookies.withheld) }

    /// How the jar panel names the browser: `Chrome · default`, and `· 3p blocked` under a
    /// `thirdparty` override.
    public var browserTitle: String {
        var title = "\(rules.browser.name) · \(profile)"
        if let override = rules.thirdPartyOverride {
            title += " · 3p " + (override == .block ? "blocked" : override == .allow ? "allowed" : "partitioned")
        }
        return title
    }
}
