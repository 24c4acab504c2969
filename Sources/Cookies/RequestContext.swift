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
    /// The browser blocks third-party cookies (Safari and Firefox by default, Chrome by choice):
    /// a cross-site subresource request neither sets nor sends any cookie.
    public var blocksThirdPartyCookies: Bool

    public init(method: String = "GET", initiator: CookieURL? = nil, isTopLevelNavigation: Bool = true, api: API = .http,
                blocksThirdPartyCookies: Bool = false) {
        self.method = method.uppercased()
        self.initiator = initiator
        self.isTopLevelNavigation = isTopLevelNavigation
        self.api = api
        self.blocksThirdPartyCookies = blocksThirdPartyCookies
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
