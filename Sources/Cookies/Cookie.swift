import Foundation

/// A cookie as the browser stores it (RFC 6265 §5.3).
public struct Cookie: Sendable, Hashable {
    public var name: String
    public var value: String
    /// The canonical domain: the request host for a host-only cookie, else the Domain attribute
    /// without its leading dot.
    public var domain: String
    public var path: String
    /// `nil` for a session cookie, which lives until the browser closes.
    public var expiry: Date?
    public var creation: Date
    public var lastAccess: Date
    public var hostOnly: Bool
    public var secure: Bool
    public var httpOnly: Bool
    /// `nil` when the server gave no (recognised) SameSite attribute.
    public var sameSite: SameSite?
    /// The top-level site whose partition holds the cookie (CHIPS, or Firefox's Total Cookie
    /// Protection), such as `http://shop.localhost`; `nil` for an unpartitioned cookie.
    public var partitionKey: String?

    public init(
        name: String, value: String, domain: String, path: String = "/",
        expiry: Date? = nil, creation: Date, lastAccess: Date? = nil,
        hostOnly: Bool = true, secure: Bool = false, httpOnly: Bool = false,
        sameSite: SameSite? = nil, partitionKey: String? = nil
    ) {
        self.name = name
        self.value = value
        self.domain = domain
        self.path = path
        self.expiry = expiry
        self.creation = creation
        self.lastAccess = lastAccess ?? creation
        self.hostOnly = hostOnly
        self.secure = secure
        self.httpOnly = httpOnly
        self.sameSite = sameSite
        self.partitionKey = partitionKey
    }

    /// A persistent cookie has an expiry; a session cookie goes when the browser closes.
    public var isPersistent: Bool { expiry != nil }

    /// Name, domain and path (and partition) identify a cookie: a new one with the same replaces it.
    public var key: Key { Key(name: name, domain: domain, path: path, partitionKey: partitionKey) }

    /// The size DevTools shows: name plus value, in bytes.
    public var size: Int { name.utf8.count + value.utf8.count }

    /// How the cookie goes into a Cookie header: `name=value`, or the bare value of a nameless
    /// cookie (RFC 6265bis §5.8.3 step 4).
    public var pair: String { name.isEmpty ? value : "\(name)=\(value)" }

    public func isExpired(at now: Date) -> Bool {
        guard let expiry else { return false }
        return expiry <= now
    }

    /// The identity of a stored cookie (RFC 6265bis §5.7; CHIPS adds the partition).
    public struct Key: Sendable, Hashable, CustomStringConvertible {
        public var name: String
        public var domain: String
        public var path: String
        public var partitionKey: String?
        public init(name: String, domain: String, path: String, partitionKey: String? = nil) {
            self.name = name
            self.domain = domain
            self.path = path
            self.partitionKey = partitionKey
        }
        public var description: String {
            "\(name) (\(domain)\(path)\(partitionKey.map { ", partition \($0)" } ?? ""))"
        }
    }
}

/// The SameSite attribute (RFC 6265bis §5.6.7).
public enum SameSite: String, Sendable, Hashable, CaseIterable {
    case strict = "Strict"
    case lax = "Lax"
    case none = "None"

    /// Parses an attribute value case-insensitively; unknown values give `nil`.
    public init?(attributeValue: String) {
        switch attributeValue.lowercased() {
        case "strict": self = .strict
        case "lax": self = .lax
        case "none": self = .none
        default: return nil
        }
    }
}
