/// The browsers crumbs models. Where RFC 6265bis leaves a choice to the user agent, or where
/// browsers ship something beyond it, they differ; `CookieRules` holds those differences.
public enum BrowserKind: String, Sendable, Hashable, CaseIterable {
    case chrome, firefox, safari

    /// The name a learner reads: `Chrome`.
    public var name: String {
        switch self {
        case .chrome: "Chrome"
        case .firefox: "Firefox"
        case .safari: "Safari"
        }
    }
}

/// What the browser does with cookies on cross-site subresource requests (third-party cookies).
public enum ThirdPartyPolicy: String, Sendable, Hashable, CaseIterable {
    /// Set and sent like first-party cookies, within the SameSite rules (Chrome's default).
    case allow
    /// Kept in a separate jar per top-level site (Firefox's Total Cookie Protection).
    case partition
    /// Neither set nor sent (Safari's default; a setting in Chrome and Firefox).
    case block
}

/// The cookie rules of one browser, with the learner's `thirdparty` override on top.
public struct CookieRules: Sendable, Hashable {
    public var browser: BrowserKind
    /// Set by `thirdparty block|allow`; `nil` keeps the browser's own policy.
    public var thirdPartyOverride: ThirdPartyPolicy?

    /// The default profile models Chrome: its Lax default is what most Express tutorials assume.
    public init(browser: BrowserKind = .chrome, thirdPartyOverride: ThirdPartyPolicy? = nil) {
        self.browser = browser
        self.thirdPartyOverride = thirdPartyOverride
    }

    /// The policy in force: the override, else the browser's default.
    public var thirdParty: ThirdPartyPolicy { thirdPartyOverride ?? defaultThirdParty }

    /// Chrome allows third-party cookies by default, Firefox partitions them (Total Cookie
    /// Protection), Safari blocks them.
    public var defaultThirdParty: ThirdPartyPolicy {
        switch browser {
        case .chrome: .allow
        case .firefox: .partition
        case .safari: .block
        }
    }

    /// Chromium treats a cookie without SameSite as Lax; Firefox and Safari send it cross-site
    /// (RFC 6265bis §5.6.7 leaves the "Default" enforcement to the user agent).
    public var laxByDefault: Bool { browser == .chrome }

    /// Chromium's Lax-allowing-unsafe: a cookie without SameSite still rides a cross-site
    /// top-level POST while it is younger than two minutes.
    public var laxAllowingUnsafeWindow: Double? { browser == .chrome ? 120 : nil }

    /// Chrome and Firefox treat http://localhost as a secure context, so Secure cookies work
    /// there; Safari does not (WebKit bug 281149).
    public var localhostIsSecure: Bool { browser != .safari }

    /// Under blocking, a Partitioned cookie (CHIPS) still works in Chrome and Firefox; Safari,
    /// as crumbs models it, blocks every third-party cookie.
    public var partitionedSurvivesBlocking: Bool { browser != .safari }

    /// The SameSite a cookie is enforced with.
    public func effectiveSameSite(_ cookie: Cookie) -> SameSite {
        cookie.sameSite ?? (laxByDefault ? .lax : .none)
    }

    /// Is `url` a secure origin for cookies in this browser?
    public func isSecure(_ url: CookieURL) -> Bool {
        url.scheme == "https" || (localhostIsSecure && Domain.isLoopback(url.host))
    }

    /// How the policy reads in a reason: who blocks.
    var blockingPolicy: String {
        thirdPartyOverride == .block
            ? CookieReason.policyOverrideBlocks.text([:])
            : CookieReason.policyBrowserBlocks.text(["browser": browser.name])
    }
}
