/// What the browser knows about a request beyond its URL: who started it and how.
public struct RequestContext: Sendable, Hashable {
    /// HTTP responses and requests, or a script's `document.cookie` (RFC 6265 §5.3 "non-HTTP API").
    public enum API: String, Sendable, Hashable {
        case http
        case script
    }

    public var method: String
    /// The URL of the page that started the request; `nil` when the user did (typed a URL,
    /// opened a bookmark), which is always same-site.
    public var initiator: CookieURL?
    /// A top-level navigation changes the address bar; a subresource (image, fetch) does not.
    public var isTopLevelNavigation: Bool
    public var api: API
    /// The rules of the browser making the request (Chrome's unless said otherwise).
    public var rules: CookieRules

    public init(method: String = "GET", initiator: CookieURL? = nil, isTopLevelNavigation: Bool = true, api: API = .http,
                rules: CookieRules = CookieRules()) {
        self.method = method.uppercased()
        self.initiator = initiator
        self.isTopLevelNavigation = isTopLevelNavigation
        self.api = api
        self.rules = rules
    }

    /// The top-level site a request belongs to, which names the partition of partitioned
    /// cookies: the target's for a navigation, else the page's that started it.
    public func topLevelSite(for url: CookieURL) -> String {
        if isTopLevelNavigation { return url.site }
        return (initiator ?? url).site
    }

    /// A request for a page's image, script or fetch to another site.
    public func isThirdParty(to url: CookieURL) -> Bool {
        isCrossSite(to: url) && !isTopLevelNavigation
    }

    /// A cross-site request: the initiator's site differs from the target's (RFC 6265bis §5.2).
    public func isCrossSite(to url: CookieURL) -> Bool {
        guard let initiator else { return false }
        return initiator.site != url.site
    }

    /// Methods SameSite=Lax lets through on a cross-site top-level navigation.
    var isSafeMethod: Bool { ["GET", "HEAD", "OPTIONS", "TRACE"].contains(method) }
}
