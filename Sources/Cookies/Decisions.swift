import Foundation

/// What the jar did with one Set-Cookie header, and why.
public struct StoreDecision: Sendable, Hashable, CustomStringConvertible {
    public enum Outcome: String, Sendable, Hashable {
        case stored, replaced, deleted, rejected
    }

    public var outcome: Outcome
    /// The Set-Cookie text as received.
    public var header: String
    /// The cookie's name, when the header had one.
    public var name: String?
    /// Why, in words a learner can read.
    public var reason: String
    /// The catalog entry the reason was made from.
    public var because: CookieReason?
    /// The cookie now in the jar (stored, replaced) or taken out of it (deleted).
    public var cookie: Cookie?
    /// Further remarks: attributes passed over, defaults applied.
    public var notes: [String]
    /// Cookies pushed out to stay within the jar's limits.
    public var evicted: [Cookie]

    public init(outcome: Outcome, header: String, name: String?, reason: String, because: CookieReason? = nil,
                cookie: Cookie? = nil, notes: [String] = [], evicted: [Cookie] = []) {
        self.outcome = outcome
        self.header = header
        self.name = name
        self.reason = reason
        self.because = because
        self.cookie = cookie
        self.notes = notes
        self.evicted = evicted
    }

    public var description: String { "\(outcome.rawValue): \(reason)" }
}

/// A cookie the jar held back from a request, and why.
public struct Withheld: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case expired, domain, path, secure, sameSite, httpOnly, thirdParty, partition
    }

    public var cookie: Cookie
    public var kind: Kind
    public var reason: String

    public init(cookie: Cookie, kind: Kind, reason: String) {
        self.cookie = cookie
        self.kind = kind
        self.reason = reason
    }

    public var description: String { "withheld \(cookie.name) — \(reason)" }
}

/// The cookies chosen for one request (RFC 6265 §5.4), and those held back.
public struct CookieSelection: Sendable, Hashable {
    public var sent: [Cookie]
    public var withheld: [Withheld]
    /// Why a cookie went along where a learner might expect it held back.
    public var remarks: [String] = []

    public init(sent: [Cookie], withheld: [Withheld], remarks: [String] = []) {
        self.sent = sent
        self.withheld = withheld
        self.remarks = remarks
    }

    /// The Cookie header value, or `nil` when nothing is sent.
    public var header: String? {
        sent.isEmpty ? nil : sent.map(\.pair).joined(separator: "; ")
    }
}
