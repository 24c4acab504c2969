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
        #expect(d.description == "stored: connect.sid for localhost/, kept until the browser closes (a session cookie)")
        #expect(d.notes == ["no SameSite: treated as Lax, as in Chrome"])
        let c = try! #require(jar.cookie(named: "connect.sid"))
        #expect(c.hostOnly && c.httpOnly && !c.isPersistent && c.value == "s%3Aabc.def")
    }

    @Test func domainMismatchIsRejected() {
        var jar = CookieJar()
        let d = jar.store("a=1; Domain=example.com", from: localhost, at: t0)
        #expect(d.description == "rejected: Domain=example.com does not domain-match localhost")
        #expect(jar.cookies.isEmpty)
    }

    @Test func publicSuffixDomainIsRejected() {
        var jar = CookieJar()
        let d = jar.store("a=1; Domain=org", from: plainSite, at: t0)
        #expect(d.description == "rejected: Domain=org is a public suffix: no site may set a cookie for all of org")
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
        #expect(d.description == "replaced: a for localhost/ has a new value, kept until Mon, 15 Jan 2024 12:01:10 GMT")
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
        #expect(d.description == "deleted: myCookie removed from localhost/: Expires=Thu, 01 Jan 1970 00:00:00 GMT is in the past")
        #expect(jar.cookies.isEmpty)
    }

    @Test func maxAgeZeroDeletes() {
        var jar = CookieJar()
        jar.store("a=1", from: localhost, at: t0)
        #expect(jar.store("a=; Max-Age=0", from: localhost, at: t0).description
            == "deleted: a removed from localhost/: Max-Age=0 is not in the future")
    }

    @Test func deletingWithAnotherPathDeletesNothing() {
        var jar = CookieJar()
        jar.store("a=1; Path=/admin", from: localhost, at: t0)
        let d = jar.store("a=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT", from: localhost, at: t0)
        #expect(d.description == "rejected: Expires=Thu, 01 Jan 1970 00:00:00 GMT is in the past, and there is no a for localhost/ to delete")
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
        ("__Secure-a=1", "rejected: a __Secure- cookie must be Secure"),
        ("__Host-a=1", "rejected: a __Host- cookie must be Secure"),
        ("__Host-a=1; Secure; Domain=localhost.localhost", "rejected: Domain=localhost.localhost does not domain-match app.localhost"),
        ("__Host-a=1; Secure; Path=/x", "rejected: a __Host- cookie must have Path=/"),
        ("__Host-a=1; Secure; Path=/", "stored: __Host-a for app.localhost/, kept until the browser closes (a session cookie)"),
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
            == "rejected: a __Host- cookie must not have a Domain attribute")
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
            == "rejected: no SameSite (treated as Lax, as in Chrome) on a cross-site subresource response (the page is http://shop.localhost); only SameSite=None; Secure may be set there")
        #expect(jar.store("id=1; SameSite=None; Secure", from: tracker, context: context, at: t0).outcome == .stored)
    }

    @Test func malformedHeadersSayWhy() {
        var jar = CookieJar()
        #expect(jar.store("foo", from: localhost, at: t0).description == "rejected: \"foo\" has no \"=\": a cookie needs name=value")
        #expect(jar.store("=bar", from: localhost, at: t0).description == "rejected: \"=bar\" has an empty name")
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
        #expect(s.withheld.map(\.description) == ["withheld myCookie — Path=/admin does not match /"])
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
            "withheld b — Domain=example.org does not domain-match api.localhost",
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
            "withheld unset — no SameSite (treated as Lax, as in Chrome), and this cross-site request (started by http://evil.localhost) is not a top-level GET navigation",
        ])

        let post = jar.cookies(for: shop, context: RequestContext(method: "POST", initiator: evil), at: t0 + 6)
        #expect(post.header == "none=1")

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
    @Test func blockingThirdPartyCookiesStopsSettingAndSending() {
        var jar = CookieJar()
        let tracker = CookieURL(host: "tracker.localhost", path: "/pixel")
        let shop = CookieURL(host: "shop.localhost", path: "/")
        let blocked = RequestContext(initiator: shop, isTopLevelNavigation: false, blocksThirdPartyCookies: true)
        #expect(jar.store("uid=1; SameSite=None; Secure", from: tracker, context: blocked, at: t0).description
            == "rejected: third-party cookie blocked: the browser blocks cookies on cross-site subresources (the page is http://shop.localhost)")
        // Set while first-party (a visit to the tracker's own site), it is still not sent from elsewhere.
        jar.store("uid=1; SameSite=None; Secure", from: tracker, at: t0)
        let s = jar.cookies(for: tracker, context: blocked, at: t0)
        #expect(s.header == nil)
        #expect(s.withheld.map(\.description) == ["withheld uid — third-party cookie blocked: this is a cross-site subresource request (started by http://shop.localhost)"])
        #expect(jar.cookies(for: tracker, context: RequestContext(initiator: shop, isTopLevelNavigation: true, blocksThirdPartyCookies: true), at: t0).header == "uid=1")
    }
}
