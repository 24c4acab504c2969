import Foundation

/// A browser's cookie store (RFC 6265 §5.3): a pure value, with time always passed in.
public struct CookieJar: Sendable, Hashable {
    /// How many cookies the jar keeps (RFC 6265 §6.1 asks for at least 50 per domain and 3000
    /// in all).
    public struct Limits: Sendable, Hashable {
        public var perDomain: Int
        public var total: Int
        public init(perDomain: Int = 50, total: Int = 3000) {
            self.perDomain = perDomain
            self.total = total
        }
    }

    /// The cookies in the order they were stored.
    public private(set) var cookies: [Cookie] = []
    public var limits: Limits

    public init(limits: Limits = Limits(), cookies: [Cookie] = []) {
        self.limits = limits
        self.cookies = cookies
    }

    /// The cookie stored under a name, for a domain and path when given.
    public func cookie(named name: String, domain: String? = nil, path: String? = nil) -> Cookie? {
        cookies.first { $0.name == name && (domain == nil || $0.domain == domain) && (path == nil || $0.path == path) }
    }

    /// The cookies ordered for display: by domain, then path, then name.
    public var sorted: [Cookie] {
        cookies.sorted { ($0.domain, $0.path, $0.name) < ($1.domain, $1.path, $1.name) }
    }

    /// Removes cookies whose expiry has passed (RFC 6265 §5.3) and returns them.
    @discardableResult
    public mutating func removeExpired(at now: Date) -> [Cookie] {
        let expired = cookies.filter { $0.isExpired(at: now) }
        if !expired.isEmpty { cookies.removeAll { $0.isExpired(at: now) } }
        return expired
    }

    /// Closes the browser: session cookies go, persistent ones stay (RFC 6265 §5.3).
    @discardableResult
    public mutating func closeBrowser() -> [Cookie] {
        let gone = cookies.filter { !$0.isPersistent }
        cookies.removeAll { !$0.isPersistent }
        return gone
    }

    /// Removes every cookie.
    public mutating func removeAll() {
        cookies.removeAll()
    }

    /// Puts a cookie in by hand, as DevTools allows: it replaces the one with the same name,
    /// domain and path, keeping that one's creation time.
    public mutating func set(_ cookie: Cookie) throws(CookiesError) {
        guard !cookie.name.isEmpty else { throw .invalidCookie(name: cookie.name, problem: "the name is empty") }
        guard cookie.name.rangeOfCharacter(from: Self.forbidden) == nil else {
            throw .invalidCookie(name: cookie.name, problem: "the name contains \";\", \"=\" or a control character")
        }
        guard cookie.value.rangeOfCharacter(from: Self.forbiddenInValue) == nil else {
            throw .invalidCookie(name: cookie.name, problem: "the value contains \";\" or a control character")
        }
        var cookie = cookie
        if let i = cookies.firstIndex(where: { $0.key == cookie.key }) {
            cookie.creation = cookies[i].creation
            cookies[i] = cookie
        } else {
            cookies.append(cookie)
        }
    }

    /// Removes the cookies with this name (and domain and path, when given) and returns them.
    @discardableResult
    public mutating func remove(named name: String, domain: String? = nil, path: String? = nil) -> [Cookie] {
        let match: (Cookie) -> Bool = {
            $0.name == name && (domain == nil || $0.domain == domain) && (path == nil || $0.path == path)
        }
        let gone = cookies.filter(match)
        cookies.removeAll(where: match)
        return gone
    }

    private static let forbidden = CharacterSet(charactersIn: ";=,").union(.controlCharacters).union(.whitespaces)
    private static let forbiddenInValue = CharacterSet(charactersIn: ";").union(.controlCharacters)

    mutating func insert(_ cookie: Cookie) {
        cookies.append(cookie)
    }

    mutating func remove(key: Cookie.Key) -> Cookie? {
        guard let i = cookies.firstIndex(where: { $0.key == key }) else { return nil }
        return cookies.remove(at: i)
    }

    mutating func touch(_ keys: Set<Cookie.Key>, at now: Date) {
        for i in cookies.indices where keys.contains(cookies[i].key) {
            cookies[i].lastAccess = now
        }
    }

    /// Evicts cookies beyond the limits, in RFC 6265 §5.3's order: the oldest last access first,
    /// within an over-full domain, then across the jar.
    mutating func enforceLimits(domain: String) -> [Cookie] {
        var evicted: [Cookie] = []
        func evictOldest(where include: (Cookie) -> Bool) {
            guard let victim = cookies.enumerated().filter({ include($0.element) })
                .min(by: { $0.element.lastAccess < $1.element.lastAccess }) else { return }
            evicted.append(cookies.remove(at: victim.offset))
        }
        while cookies.count(where: { $0.domain == domain }) > limits.perDomain {
            evictOldest { $0.domain == domain }
        }
        while cookies.count > limits.total {
            evictOldest { _ in true }
        }
        return evicted
    }
}
