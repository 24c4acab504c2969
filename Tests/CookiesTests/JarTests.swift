import Foundation
import Testing
@testable import Cookies

let t0 = Date(timeIntervalSince1970: 1_705_320_000)  // Mon, 15 Jan 2024 12:00:00 GMT
let localhost = CookieURL(host: "localhost", port: 3000, path: "/")
let plainSite = CookieURL(host: "example.org", path: "/")

@Suite struct StoringTests {
    @Test func sessionCookieIsStored() {
        var jar = CookieJar()
        let d = jar.store("connect.sid=s%3Aabc.def; Path=/; HttpOnly", from: localhost, at: t0)
        #expect(d.description == "stored: connect.sid for localhost only, path /, kept until the browser closes (a session cookie)")
        #expect(d.notes == ["no SameSite: Chrome treats it as Lax, and for its first two minutes also sends it on a cross-site top-level POST (Firefox and Safari have no Lax default)"])
        let c = try! #require(jar.cookie(named: "connect.sid"))
        #expect(c.hostOnly && c.httpOnly && !c.isPersistent && c.value == "s%3Aabc.def")
    }

    @Test func domainMismatchIsRejected() {
        var jar = CookieJar()
        let d = jar.store("a=1; Domain=example.com", from: localhost, at: t0)
        #expect(d.description == "rejected: localhost does not domain-match Domain=example.com: it is neither example.com nor a subdomain of it")
        #expect(jar.cookies.isEmpty)
    }

    @Test func publicSuffixDomainIsRejected() {
        var jar = CookieJar()
        let d = jar.store("a=1; Domain=org", from: plainSite, at: t0)
        #expect(d.description == "rejected: Domain=org is a top-level name, a public suffix by the Public Suffix List's default rule: example.org may not set a cookie for every host under org")
    }

    @Test func secureFromPlainHTTPIsRejected() {
        var jar = CookieJar()
        let d = jar.store("token=1; Secure", from: plainSite, at: t0)
        #expect(d.description == "rejected: Secure cookie from http://example.org, which is not a secure origin")
        // localhost is a secure context, as in Chrome and Firefox.
        #expect(jar.store("token=1; Secure", from: localhost, at: t0).outcome == .stored)
    }

    @Test func insecureOriginCannotOverwriteSecureCookie() {
        var jar = CookieJar()
        let https = CookieURL(scheme: "https", host: "example.org")
        jar.store("token=1; Secure", from: https, at: t0)
        let d = jar.store("token=2", from: plainSite, at: t0)
        #expect(d.description == "rejected: http://example.org is not a secure origin and may not overwrite the Secure cookie token (example.org/)")
        #expect(jar.cookie(named: "token")?.value == "1")
    }

    @Test func replacedCookieKeepsCreationTime() {
        var jar = CookieJar()
        jar.store("a=1", from: localhost, at: t0)
        let d = jar.store("a=2; Max-Age=60", from: localhost, at: t0 + 10)
        #expect(d.description == "replaced: a for localhost only, default path / (no Path attribute: the directory of /), has a new value, kept until Mon, 15 Jan 2024 12:01:10 GMT")
        #expect(jar.cookie(named: "a")?.creation == t0)
        #expect(jar.cookies.count == 1)
    }

    @Test func maxAgeWinsOverExpires() {
        var jar = CookieJar()
        let d = jar.store("a=1; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=900", from: localhost, at: t0)
        #expect(d.outcome == .stored)
        #expect(d.notes.contains("Max-Age=900 wins over Expires"))
        #expect(jar.cookie(named: "a")?.expiry == t0 + 900)
    }

    @Test func expiresInThePastDeletes() {
        var jar = CookieJar()
        jar.store("myCookie=this%20is%20my%20cookie; Path=/", from: localhost, at: t0)
        let d = jar.store("myCookie=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT", from: localhost, at: t0)
        #expect(d.description == "deleted: myCookie removed (for localhost only, path /): Expires=Thu, 01 Jan 1970 00:00:00 GMT is in the past")
        #expect(jar.cookies.isEmpty)
    }

    @Test func maxAgeZeroDeletes() {
        var jar = CookieJar()
        jar.store("a=1", from: localhost, at: t0)
        #expect(jar.store("a=; Max-Age=0", from: localhost, at: t0).description
            == "deleted: a removed (for localhost only, default path / (no Path attribute: the directory of /)): Max-Age=0 is not in the future")
    }

    @Test func deletingWithAnotherPathDeletesNothing() {
        var jar = CookieJar()
        jar.store("a=1; Path=/admin", from: localhost, at: t0)
        let d = jar.store("a=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT", from: localhost, at: t0)
        #expect(d.description == "rejected: Expires=Thu, 01 Jan 1970 00:00:00 GMT is in the past, and the jar has no a with domain localhost and path / to delete")
        #expect(jar.cookies.count == 1)
    }

    @Test func scriptCannotSetHttpOnly() {
        var jar = CookieJar()
        let d = jar.store("a=1; HttpOnly", from: localhost, context: RequestContext(api: .script), at: t0)
        #expect(d.description == "rejected: HttpOnly cookies cannot be set from document.cookie")
        jar.store("b=1; HttpOnly", from: localhost, at: t0)
        let over = jar.store("b=2", from: localhost, context: RequestContext(api: .script), at: t0)
        #expect(over.description == "rejected: document.cookie cannot overwrite the HttpOnly cookie b")
    }

    @Test(arguments: [
        ("__Secure-a=1", "rejected: __Secure-a starts with __Secure- (the prefix matches in any letter case), so it must be Secure"),
        ("__Host-a=1", "rejected: __Host-a starts with __Host- (the prefix matches in any letter case), so it must be Secure"),
        ("__Host-a=1; Secure; Domain=localhost.localhost", "rejected: app.localhost does not domain-match Domain=localhost.localhost: it is neither localhost.localhost nor a subdomain of it"),
        ("__Host-a=1; Secure; Path=/x", "rejected: __Host-a starts with __Host-, so it needs the attribute Path=/, not Path=/x"),
        ("__Host-a=1; Secure; Path=/", "stored: __Host-a for app.localhost only, path /, kept until the browser closes (a session cookie)"),
        // RFC 6265bis §5.7: __Host- needs an explicit Path=/ attribute; the default path does not do.
        ("__Host-id=1; Secure", "rejected: __Host-id starts with __Host-, so it needs the attribute Path=/, and it has no Path attribute"),
        // RFC 6265bis §5.7: the prefixes match case-insensitively.
        ("__secure-x=1", "rejected: __secure-x starts with __Secure- (the prefix matches in any letter case), so it must be Secure"),
        ("__HOST-y=1; Path=/", "rejected: __HOST-y starts with __Host- (the prefix matches in any letter case), so it must be Secure"),
        ("__HOST-y=1; Secure", "rejected: __HOST-y starts with __Host-, so it needs the attribute Path=/, and it has no Path attribute"),
        // A nameless cookie may not pose as a prefixed one.
        ("__Secure-w", "rejected: a cookie without a name may not have a value starting with __Secure-: it would pose as a prefixed cookie"),
    ])
    func prefixes(header: String, expected: String) {
        var jar = CookieJar()
        let url = CookieURL(host: "app.localhost", path: "/")
        #expect(jar.store(header, from: url, at: t0).description == expected)
    }

    @Test func hostPrefixRejectsDomain() {
        var jar = CookieJar()
        let url = CookieURL(scheme: "https", host: "shop.example.org", path: "/")
        #expect(jar.store("__Host-a=1; Secure; Domain=example.org", from: url, at: t0).description
            == "rejected: __Host-a starts with __Host-, so it must not have a Domain attribute")
    }

    @Test func sameSiteNoneNeedsSecure() {
        var jar = CookieJar()
        #expect(jar.store("t=1; SameSite=None", from: localhost, at: t0).description
            == "rejected: SameSite=None requires Secure")
    }

    @Test func crossSiteSubresourceCannotSetLaxCookie() {
        var jar = CookieJar()
        let tracker = CookieURL(host: "tracker.localhost", path: "/pixel")
        let page = CookieURL(host: "shop.localhost", path: "/")
        let context = RequestContext(initiator: page, isTopLevelNavigation: false)
        #expect(jar.store("id=1", from: tracker, context: context, at: t0).description
            == "rejected: no SameSite, which Chrome treats as Lax, on a cross-site subresource response (the page is http://shop.localhost); only SameSite=None; Secure may be set there")
        #expect(jar.store("id=1; SameSite=None; Secure", from: tracker, context: context, at: t0).outcome == .stored)
    }

    @Test func malformedHeadersSayWhy() {
        var jar = CookieJar()
        #expect(jar.store("=", from: localhost, at: t0).description == "rejected: \"=\" has neither a name nor a value")
        #expect(jar.store(" ; Path=/", from: localhost, at: t0).description == "rejected: \"\" has neither a name nor a value")
        let big = String(repeating: "x", count: 4097)
        #expect(jar.store("a=\(big)", from: localhost, at: t0).description
            == "rejected: name plus value is 4098 bytes, more than the 4096 a browser keeps")
    }

    @Test func perDomainLimitEvictsLeastRecentlyUsed() {
        var jar = CookieJar(limits: .init(perDomain: 3, total: 10))
        for i in 0..<3 { jar.store("c\(i)=1", from: localhost, at: t0 + Double(i)) }
        _ = jar.cookies(for: CookieURL(host: "localhost", path: "/"), at: t0 + 5)  // all touched at t0+5
        jar.store("c0=again", from: localhost, at: t0 + 6)  // c0 most recent now
        let d = jar.store("c3=1", from: localhost, at: t0 + 7)
        #expect(d.evicted.map(\.name) == ["c1"])
        #expect(jar.cookies.map(\.name).sorted() == ["c0", "c2", "c3"])
    }
}

/// The rules where RFC 6265bis differs from RFC 6265, or where crumbs said something untrue.
@Suite struct RFC6265bisTests {
    @Test func aPairWithoutEqualsIsANamelessCookie() {
        // RFC 6265bis §5.6 step 2: no "=" means an empty name and the whole pair as the value.
        var jar = CookieJar()
        let d = jar.store("foo", from: localhost, at: t0)
        #expect(d.outcome == .stored)
        #expect(d.description == "stored: the nameless cookie \"foo\" for localhost only, default path / (no Path attribute: the directory of /), kept until the browser closes (a session cookie)")
        let c = try! #require(jar.cookies.first)
        #expect(c.name == "" && c.value == "foo")
        // §5.8.3 step 4: a nameless cookie goes out as its bare value.
        #expect(jar.cookies(for: localhost, at: t0 + 1).header == "foo")
    }

    @Test func anEmptyNameWithAValueIsKept() {
        var jar = CookieJar()
        #expect(jar.store("=bar", from: localhost, at: t0).outcome == .stored)
        #expect(jar.cookie(named: "")?.value == "bar")
        // The same nameless cookie again replaces it (same empty name, domain and path).
        #expect(jar.store("baz", from: localhost, at: t0 + 1).outcome == .replaced)
        #expect(jar.cookies(for: localhost, at: t0 + 2).header == "baz")
    }

    @Test func resendingTheSameValueSaysWhatChanged() {
        var jar = CookieJar()
        jar.store("sid=abc; Path=/; Max-Age=60", from: localhost, at: t0)
        // rolling: the same id again with a later expiry.
        let rolled = jar.store("sid=abc; Path=/; Max-Age=60", from: localhost, at: t0 + 30)
        #expect(rolled.description == "replaced: sid for localhost only, path /, set again with the same value: its expiry moves from Mon, 15 Jan 2024 12:01:00 GMT to Mon, 15 Jan 2024 12:01:30 GMT")
        let same = jar.store("sid=abc; Path=/; Max-Age=30", from: localhost, at: t0 + 60)
        #expect(same.description == "replaced: sid for localhost only, path /, set again with the same value and expiry, kept until Mon, 15 Jan 2024 12:01:30 GMT")
        jar.store("p=1; Path=/", from: localhost, at: t0)
        #expect(jar.store("p=1; Path=/", from: localhost, at: t0 + 1).description
            == "replaced: p for localhost only, path /, set again with the same value and expiry, kept until the browser closes (a session cookie)")
        #expect(jar.store("p=1; Path=/; Max-Age=10", from: localhost, at: t0 + 2).description
            == "replaced: p for localhost only, path /, set again with the same value: its expiry moves from the browser's closing to Mon, 15 Jan 2024 12:00:12 GMT")
    }

    @Test func lifetimesAreCappedAt400Days() {
        // RFC 6265bis §5.5, §5.6.1, §5.6.2: neither Max-Age nor Expires reaches past 400 days.
        var jar = CookieJar()
        let byMaxAge = jar.store("a=1; Path=/; Max-Age=94608000", from: localhost, at: t0)  // 3 years
        #expect(byMaxAge.description == "stored: a for localhost only, path /, kept until Tue, 18 Feb 2025 12:00:00 GMT, the 400-day cap (Max-Age=94608000 asked for longer)")
        #expect(jar.cookie(named: "a")?.expiry == t0 + 400 * 86_400)
        let byExpires = jar.store("b=1; Path=/; Expires=Wed, 01 Jan 2055 00:00:00 GMT", from: localhost, at: t0)
        #expect(byExpires.description == "stored: b for localhost only, path /, kept until Tue, 18 Feb 2025 12:00:00 GMT, the 400-day cap (Expires=Wed, 01 Jan 2055 00:00:00 GMT asked for longer)")
        // Exactly 400 days is not capped.
        #expect(jar.store("c=1; Path=/; Max-Age=34560000", from: localhost, at: t0).description
            == "stored: c for localhost only, path /, kept until Tue, 18 Feb 2025 12:00:00 GMT")
    }

    @Test func aDomainCookieSaysItCoversSubdomains() {
        var jar = CookieJar()
        let www = CookieURL(host: "www.shop.test", path: "/set")
        #expect(jar.store("wide=1; Domain=shop.test; Path=/", from: www, at: t0).description
            == "stored: wide for shop.test and its subdomains, path /, kept until the browser closes (a session cookie)")
        #expect(jar.store("narrow=1; Path=/", from: www, at: t0).description
            == "stored: narrow for www.shop.test only, path /, kept until the browser closes (a session cookie)")
    }

    @Test func theDefaultPathIsTheRequestsDirectory() {
        // RFC 6265bis §5.1.4: without Path, the directory of the request path.
        var jar = CookieJar()
        let d = jar.store("a=1", from: CookieURL(host: "localhost", path: "/account/login"), at: t0)
        #expect(d.description == "stored: a for localhost only, default path /account (no Path attribute: the directory of /account/login), kept until the browser closes (a session cookie)")
    }

    @Test func oneLabelHostsKeepHostOnlyCookies() {
        var jar = CookieJar()
        // The host itself: host-only, and the note says so.
        let own = jar.store("a=1; Domain=localhost; Path=/", from: localhost, at: t0)
        #expect(own.description == "stored: a for localhost only, path /, kept until the browser closes (a session cookie)")
        #expect(own.notes.first == "Domain=localhost names this very host, which is a public suffix or a top-level name: the cookie is host-only, for localhost only")
        #expect(jar.cookie(named: "a")?.hostOnly == true)
        // A subdomain may not widen a cookie to every host under the top-level name.
        #expect(jar.store("b=1; Domain=localhost", from: CookieURL(host: "app.localhost"), at: t0).description
            == "rejected: Domain=localhost is a top-level name, a public suffix by the Public Suffix List's default rule: app.localhost may not set a cookie for every host under localhost")
        // A host outside it fails the domain match, and says that instead.
        #expect(jar.store("c=1; Domain=localhost", from: CookieURL(host: "shop.test"), at: t0).description
            == "rejected: shop.test does not domain-match Domain=localhost: it is neither localhost nor a subdomain of it")
        #expect(jar.store("d=1; Domain=github.io", from: CookieURL(host: "me.github.io"), at: t0).description
            == "rejected: Domain=github.io is a public suffix: me.github.io may not set a cookie for every site under github.io")
    }

    @Test func domainMatchingNeedsADotBoundary() {
        // RFC 6265 §5.1.3: the host must end in "." + domain; "notexample.com" only ends in "example.com".
        #expect(Domain.matches("www.example.com", domain: "example.com"))
        #expect(!Domain.matches("notexample.com", domain: "example.com"))
        var jar = CookieJar()
        jar.store("a=1; Domain=example.com; Path=/", from: CookieURL(host: "www.example.com"), at: t0)
        let s = jar.cookies(for: CookieURL(host: "notexample.com"), at: t0 + 1)
        #expect(s.header == nil)
        #expect(s.withheld.map(\.description) == ["withheld a — notexample.com does not domain-match Domain=example.com: it is neither example.com nor a subdomain of it"])
        #expect(jar.store("b=1; Domain=example.com", from: CookieURL(host: "notexample.com"), at: t0).outcome == .rejected)
    }

    @Test func pathMatchingNeedsASlashBoundary() {
        // RFC 6265 §5.1.4: /admin path-matches /admin and /admin/x, not /administrator.
        var jar = CookieJar()
        jar.store("a=1; Path=/admin", from: localhost, at: t0)
        #expect(jar.cookies(for: CookieURL(host: "localhost", port: 3000, path: "/admin/users"), at: t0 + 1).header == "a=1")
        let s = jar.cookies(for: CookieURL(host: "localhost", port: 3000, path: "/administrator"), at: t0 + 2)
        #expect(s.header == nil)
        #expect(s.withheld.map(\.description) == ["withheld a — Path=/admin does not path-match /administrator"])
    }
}

@Suite struct SendingTests {
    @Test func orderIsLongestPathThenOldest() {
        var jar = CookieJar()
        let deep = CookieURL(host: "localhost", path: "/a/b/page")
        jar.store("x=1; Path=/", from: deep, at: t0)
        jar.store("y=2; Path=/a/b", from: deep, at: t0 + 1)
        jar.store("z=3; Path=/", from: deep, at: t0 - 1)
        #expect(jar.cookies(for: deep, at: t0 + 2).header == "y=2; z=3; x=1")
    }

    @Test func pathMismatchIsWithheld() {
        var jar = CookieJar()
        jar.store("myCookie=1; Path=/admin", from: localhost, at: t0)
        let s = jar.cookies(for: localhost, at: t0)
        #expect(s.header == nil)
        #expect(s.withheld.map(\.description) == ["withheld myCookie — Path=/admin does not path-match /"])
    }

    @Test func secureIsWithheldOverPlainHTTP() {
        var jar = CookieJar()
        jar.store("token=1; Secure", from: CookieURL(scheme: "https", host: "example.org"), at: t0)
        let s = jar.cookies(for: plainSite, at: t0)
        #expect(s.withheld.map(\.description) == ["withheld token — Secure cookie, and http://example.org is not a secure origin"])
        #expect(jar.cookies(for: CookieURL(scheme: "https", host: "example.org"), at: t0).header == "token=1")
    }

    @Test func expiredIsWithheldAndRemoved() {
        var jar = CookieJar()
        jar.store("a=1; Max-Age=60", from: localhost, at: t0)
        #expect(jar.cookies(for: localhost, at: t0 + 59).header == "a=1")
        let s = jar.cookies(for: localhost, at: t0 + 60)
        #expect(s.withheld.map(\.description) == ["withheld a — expired at Mon, 15 Jan 2024 12:01:00 GMT"])
        #expect(jar.cookies.isEmpty)
    }

    @Test func hostOnlyIsWithheldFromSubdomain() {
        var jar = CookieJar()
        jar.store("a=1", from: CookieURL(host: "localhost"), at: t0)
        jar.store("b=1; Domain=example.org", from: plainSite, at: t0)
        let s = jar.cookies(for: CookieURL(host: "api.localhost"), at: t0)
        #expect(s.withheld.map(\.description) == [
            "withheld a — host-only cookie for localhost, and this request goes to api.localhost",
            "withheld b — api.localhost does not domain-match Domain=example.org: it is neither example.org nor a subdomain of it",
        ])
        #expect(jar.cookies(for: CookieURL(host: "www.example.org"), at: t0).header == "b=1")
    }

    @Test func sameSiteRules() {
        var jar = CookieJar()
        let shop = CookieURL(host: "shop.localhost", path: "/")
        jar.store("strict=1; SameSite=Strict", from: shop, at: t0)
        jar.store("lax=1; SameSite=Lax", from: shop, at: t0 + 1)
        jar.store("unset=1", from: shop, at: t0 + 2)
        jar.store("none=1; SameSite=None; Secure", from: shop, at: t0 + 3)
        let evil = CookieURL(host: "evil.localhost", path: "/")

        let link = jar.cookies(for: shop, context: RequestContext(initiator: evil), at: t0 + 4)
        #expect(link.header == "lax=1; unset=1; none=1")
        #expect(link.withheld.map(\.description) == [
            "withheld strict — SameSite=Strict, and this request is cross-site (started by http://evil.localhost)",
        ])

        let image = jar.cookies(for: shop, context: RequestContext(initiator: evil, isTopLevelNavigation: false), at: t0 + 5)
        #expect(image.header == "none=1")
        #expect(image.withheld.map(\.description).dropFirst() == [
            "withheld lax — SameSite=Lax, and this cross-site request (started by http://evil.localhost) is not a top-level GET navigation",
            "withheld unset — no SameSite, which Chrome treats as Lax, and this cross-site request (started by http://evil.localhost) is not a top-level GET navigation",
        ])

        // Chrome's Lax-allowing-unsafe: the cookie without SameSite is 4 s old, so it rides the POST.
        let post = jar.cookies(for: shop, context: RequestContext(method: "POST", initiator: evil), at: t0 + 6)
        #expect(post.header == "unset=1; none=1")

        let sameSite = jar.cookies(for: shop, context: RequestContext(initiator: CookieURL(host: "shop.localhost", path: "/x")), at: t0 + 7)
        #expect(sameSite.header == "strict=1; lax=1; unset=1; none=1")
    }

    @Test func documentCookieHidesHttpOnly() {
        var jar = CookieJar()
        jar.store("connect.sid=s%3Aabc; HttpOnly", from: localhost, at: t0)
        jar.store("theme=dark", from: localhost, at: t0 + 1)
        let s = jar.documentCookie(for: localhost, at: t0 + 2)
        #expect(s.header == "theme=dark")
        #expect(s.withheld.map(\.description) == ["withheld connect.sid — HttpOnly: hidden from document.cookie"])
    }

    @Test func lastAccessIsUpdated() {
        var jar = CookieJar()
        jar.store("a=1", from: localhost, at: t0)
        _ = jar.cookies(for: localhost, at: t0 + 30)
        #expect(jar.cookie(named: "a")?.lastAccess == t0 + 30)
    }
}

@Suite struct BrowserLifetimeTests {
    @Test func closingTheBrowserKeepsOnlyPersistentCookies() {
        var jar = CookieJar()
        jar.store("session=1", from: localhost, at: t0)
        jar.store("remember=1; Max-Age=86400", from: localhost, at: t0)
        let gone = jar.closeBrowser()
        #expect(gone.map(\.name) == ["session"])
        #expect(jar.cookies.map(\.name) == ["remember"])
    }

    @Test func handEditKeepsCreationAndValidates() throws {
        var jar = CookieJar()
        jar.store("sid=s%3Aabc.sig", from: localhost, at: t0)
        var c = try #require(jar.cookie(named: "sid"))
        c.value = "s%3Aevil.sig"
        c.creation = t0 + 100
        try jar.set(c)
        #expect(jar.cookie(named: "sid")?.value == "s%3Aevil.sig")
        #expect(jar.cookie(named: "sid")?.creation == t0)
        c.name = "bad;name"
        #expect(throws: CookiesError.invalidCookie(name: "bad;name", problem: "the name contains \";\", \"=\" or a control character")) {
            try jar.set(c)
        }
    }

    @Test func cookiesTxtRoundTrip() throws {
        var jar = CookieJar()
        jar.store("sid=abc; HttpOnly", from: localhost, at: t0)
        jar.store("lang=fr; Domain=example.org; Path=/docs; Max-Age=3600", from: plainSite, at: t0)
        jar.store("tok=1; Secure", from: CookieURL(scheme: "https", host: "example.org"), at: t0)
        let text = jar.cookiesTxt()
        #expect(text == """
            # Netscape HTTP Cookie File
            # Written by crumbs. curl reads it with -b and writes it with -c.

            #HttpOnly_localhost\tFALSE\t/\tFALSE\t0\tsid\tabc
            .example.org\tTRUE\t/docs\tFALSE\t1705323600\tlang\tfr
            example.org\tFALSE\t/\tTRUE\t0\ttok\t1

            """)
        var copy = CookieJar()
        try copy.importCookiesTxt(text, at: t0)
        func shape(_ c: Cookie) -> String { "\(c.name)=\(c.value) \(c.domain)\(c.path) \(c.hostOnly) \(c.secure) \(c.httpOnly) \(String(describing: c.expiry))" }
        #expect(copy.cookies.map(shape) == jar.cookies.map(shape))
    }

    @Test func cookiesTxtErrorsQuoteTheLine() {
        #expect(throws: CookiesError.malformedCookiesTxt(line: 2, text: "localhost\tFALSE\t/", problem: "expected 7 tab-separated fields, found 3")) {
            _ = try CookieJar.parseCookiesTxt("# Netscape HTTP Cookie File\nlocalhost\tFALSE\t/", at: t0)
        }
    }
}

@Suite struct DateTests {
    @Test(arguments: [
        (0.0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (1_705_320_900, "Mon, 15 Jan 2024 12:15:00 GMT"),
        (1_795_957_979, "Sun, 29 Nov 2026 13:12:59 GMT"),
    ])
    func imfFixdate(seconds: Double, text: String) {
        #expect(CookieDate.format(Date(timeIntervalSince1970: seconds)) == text)
        #expect(CookieDate.parse(text) == Date(timeIntervalSince1970: seconds))
    }

    @Test(arguments: ["Sat, 31 Feb 2024 00:00:00 GMT", "Mon, 15 Jan 1600 12:00:00 GMT", "15 Jan 2024", "24:00:00 15 Jan 2024"])
    func invalidDates(text: String) {
        #expect(CookieDate.parse(text) == nil)
    }
}

@Suite struct ThirdPartyTests {
    static let tracker = CookieURL(host: "tracker.localhost", path: "/pixel")
    static let shop = CookieURL(host: "shop.localhost", path: "/")
    static let news = CookieURL(host: "news.localhost", path: "/")

    @Test func blockingThirdPartyCookiesStopsSettingAndSending() {
        var jar = CookieJar()
        let (tracker, shop) = (Self.tracker, Self.shop)
        let blocked = RequestContext(initiator: shop, isTopLevelNavigation: false, rules: CookieRules(thirdPartyOverride: .block))
        #expect(jar.store("uid=1; SameSite=None; Secure", from: tracker, context: blocked, at: t0).description
            == "rejected: third-party cookie blocked: `thirdparty block` is on, so no cookie of a cross-site subresource is set or sent (the page is http://shop.localhost)")
        // Set while first-party (a visit to the tracker's own site), it is still not sent from elsewhere.
        jar.store("uid=1; SameSite=None; Secure", from: tracker, at: t0)
        let s = jar.cookies(for: tracker, context: blocked, at: t0)
        #expect(s.header == nil)
        #expect(s.withheld.map(\.description) == ["withheld uid — third-party cookie blocked: `thirdparty block` is on, so no cookie of a cross-site subresource is set or sent, and this is a cross-site subresource request (started by http://shop.localhost)"])
        #expect(jar.cookies(for: tracker, context: RequestContext(initiator: shop, isTopLevelNavigation: true, rules: CookieRules(thirdPartyOverride: .block)), at: t0).header == "uid=1")
    }

    @Test func chromeAllowsThirdPartyCookiesByDefault() {
        var jar = CookieJar()
        let context = RequestContext(initiator: Self.shop, isTopLevelNavigation: false)
        #expect(jar.store("uid=1; SameSite=None; Secure", from: Self.tracker, context: context, at: t0).description
            == "stored: uid for tracker.localhost only, default path / (no Path attribute: the directory of /pixel), kept until the browser closes (a session cookie)")
        let fromNews = RequestContext(initiator: Self.news, isTopLevelNavigation: false)
        #expect(jar.cookies(for: Self.tracker, context: fromNews, at: t0 + 1).header == "uid=1")
    }

    @Test func safariBlocksThirdPartyCookiesEvenPartitioned() {
        var jar = CookieJar()
        let safari = RequestContext(initiator: Self.shop, isTopLevelNavigation: false, rules: CookieRules(browser: .safari))
        #expect(jar.store("uid=1; SameSite=None; Secure; Partitioned", from: CookieURL(scheme: "https", host: "tracker.example", path: "/"), context: safari, at: t0).description
            == "rejected: third-party cookie blocked: Safari blocks every cookie of a cross-site subresource (the page is http://shop.localhost)")
        #expect(jar.cookies.isEmpty)
    }

    @Test func firefoxPartitionsThirdPartyCookiesPerTopLevelSite() {
        var jar = CookieJar()
        let firefox = CookieRules(browser: .firefox)
        let onShop = RequestContext(initiator: Self.shop, isTopLevelNavigation: false, rules: firefox)
        let onNews = RequestContext(initiator: Self.news, isTopLevelNavigation: false, rules: firefox)
        // No SameSite: Firefox has no Lax default, so a tracker may set it, in shop's partition.
        let d = jar.store("uid=visitor-1", from: Self.tracker, context: onShop, at: t0)
        #expect(d.description == "stored: uid for tracker.localhost only in the partition of top-level site http://shop.localhost, default path / (no Path attribute: the directory of /pixel), kept until the browser closes (a session cookie)")
        #expect(d.notes == [
            "a third-party cookie: Firefox keeps it in the partition of top-level site http://shop.localhost (Total Cookie Protection)",
            "no SameSite: Firefox has no Lax default, so the cookie goes along on cross-site requests too (Chrome would treat it as Lax)",
        ])
        #expect(jar.cookies(for: Self.tracker, context: onShop, at: t0 + 1).header == "uid=visitor-1")
        let elsewhere = jar.cookies(for: Self.tracker, context: onNews, at: t0 + 2)
        #expect(elsewhere.header == nil)
        #expect(elsewhere.withheld.map(\.description) == ["withheld uid — kept in the partition of top-level site http://shop.localhost, and this request's top-level site is http://news.localhost"])
        // The tracker's own first-party cookie is not sent into a third-party context.
        jar.store("own=1", from: Self.tracker, context: RequestContext(rules: firefox), at: t0 + 3)
        let third = jar.cookies(for: Self.tracker, context: onShop, at: t0 + 4)
        #expect(third.header == "uid=visitor-1")
        #expect(third.withheld.map(\.description) == ["withheld own — Firefox keeps third-party cookies per top-level site (Total Cookie Protection), and this cookie is not in the partition of http://shop.localhost"])
    }

    @Test func chromeKeepsPartitionedCookiesPerTopLevelSite() {
        var jar = CookieJar()
        let tracker = CookieURL(host: "tracker.localhost", path: "/")
        let onShop = RequestContext(initiator: Self.shop, isTopLevelNavigation: false)
        let onNews = RequestContext(initiator: Self.news, isTopLevelNavigation: false)
        #expect(jar.store("__Host-chip=1; Secure; Path=/; SameSite=None; Partitioned", from: tracker, context: onShop, at: t0).description
            == "stored: __Host-chip for tracker.localhost only in the partition of top-level site http://shop.localhost, path /, kept until the browser closes (a session cookie)")
        #expect(jar.cookies(for: tracker, context: onShop, at: t0 + 1).header == "__Host-chip=1")
        #expect(jar.cookies(for: tracker, context: onNews, at: t0 + 1).header == nil)
        // Visiting the tracker itself is another top-level site again.
        #expect(jar.cookies(for: tracker, at: t0 + 1).header == nil)
        // Under `thirdparty block`, Chrome still keeps partitioned cookies (what CHIPS is for).
        let blocked = RequestContext(initiator: Self.shop, isTopLevelNavigation: false, rules: CookieRules(thirdPartyOverride: .block))
        #expect(jar.cookies(for: tracker, context: blocked, at: t0 + 2).header == "__Host-chip=1")
        // cookies.txt cannot hold a partition, so the export leaves the cookie out and says so.
        #expect(jar.cookiesTxt() == "# Netscape HTTP Cookie File\n# Written by crumbs. curl reads it with -b and writes it with -c.\n# 1 partitioned cookie left out: cookies.txt cannot say which top-level site a cookie belongs to.\n\n")
        // CHIPS: Partitioned needs Secure.
        #expect(jar.store("p=1; Partitioned", from: tracker, context: onShop, at: t0).description == "rejected: Partitioned requires Secure")
    }
}

@Suite struct BrowserRuleTests {
    static let shop = CookieURL(host: "shop.localhost", path: "/")
    static let evil = CookieURL(host: "evil.localhost", path: "/")

    @Test func chromeLaxAllowingUnsafeLastsTwoMinutes() {
        var jar = CookieJar()
        jar.store("sid=1", from: Self.shop, at: t0)
        jar.store("lax=1; SameSite=Lax", from: Self.shop, at: t0)
        let post = RequestContext(method: "POST", initiator: Self.evil)
        let young = jar.cookies(for: Self.shop, context: post, at: t0 + 119)
        #expect(young.header == "sid=1")
        #expect(young.remarks == ["sent sid on a cross-site top-level POST (started by http://evil.localhost): it has no SameSite and was set 1 min 59 s ago, within Chrome's two-minute Lax-allowing-unsafe window"])
        #expect(young.withheld.map(\.description) == ["withheld lax — SameSite=Lax, and this cross-site request (started by http://evil.localhost) is not a top-level GET navigation"])
        let old = jar.cookies(for: Self.shop, context: post, at: t0 + 120)
        #expect(old.header == nil)
        #expect(old.withheld.first?.description == "withheld sid — no SameSite, which Chrome treats as Lax, and this cross-site top-level POST (started by http://evil.localhost) comes 2 min after the cookie was set: the two-minute Lax-allowing-unsafe window is over")
        // A subresource POST (a fetch) never gets the window.
        let fetch = jar.cookies(for: Self.shop, context: RequestContext(method: "POST", initiator: Self.evil, isTopLevelNavigation: false), at: t0 + 1)
        #expect(fetch.header == nil)
    }

    @Test(arguments: [BrowserKind.firefox, .safari])
    func noLaxDefaultOutsideChrome(_ kind: BrowserKind) {
        var jar = CookieJar()
        let d = jar.store("sid=1", from: Self.shop, context: RequestContext(rules: CookieRules(browser: kind)), at: t0)
        #expect(d.notes == ["no SameSite: \(kind.name) has no Lax default, so the cookie goes along on cross-site requests too (Chrome would treat it as Lax)"])
        let post = RequestContext(method: "POST", initiator: Self.evil, rules: CookieRules(browser: kind))
        #expect(jar.cookies(for: Self.shop, context: post, at: t0 + 600).header == "sid=1")
    }

    @Test func secureOverLocalhostDependsOnTheBrowser() {
        var jar = CookieJar()
        let chrome = jar.store("token=1; Secure", from: localhost, at: t0)
        #expect(chrome.description == "stored: token for localhost only, default path / (no Path attribute: the directory of /), kept until the browser closes (a session cookie)")
        #expect(chrome.notes.first == "Secure over http://localhost:3000: Chrome treats localhost as a secure context (Safari does not, and would reject it)")
        let firefox = jar.store("token=2; Secure", from: localhost, context: RequestContext(rules: CookieRules(browser: .firefox)), at: t0)
        #expect(firefox.outcome == .replaced)
        let safari = RequestContext(rules: CookieRules(browser: .safari))
        #expect(jar.store("other=1; Secure", from: localhost, context: safari, at: t0).description
            == "rejected: Secure cookie from http://localhost:3000: Safari does not treat localhost as a secure context (Chrome and Firefox do)")
        let s = jar.cookies(for: localhost, context: safari, at: t0)
        #expect(s.withheld.map(\.description) == ["withheld token — Secure cookie, and Safari does not treat http://localhost:3000 as a secure context (Chrome and Firefox do)"])
    }
}
