import Foundation
import Testing
@testable import Cookies

/// The edges of the cookie-date algorithm and of the size limit, where an off-by-one hides.
@Suite struct BoundaryTests {
    /// RFC 6265 §5.1.1 steps 3 and 4: a two-digit year from 70 to 99 is 19xx, from 0 to 69 is
    /// 20xx. Step 5: a day the month does not have fails.
    @Test(arguments: [
        ("Thu, 01 Jan 69 00:00:00 GMT", "Tue, 01 Jan 2069 00:00:00 GMT"),
        ("Thu, 01 Jan 70 00:00:00 GMT", "Thu, 01 Jan 1970 00:00:00 GMT"),
        ("01 Jan 99 00:00:00", "Fri, 01 Jan 1999 00:00:00 GMT"),
        ("01 Jan 00 00:00:00", "Sat, 01 Jan 2000 00:00:00 GMT"),
        ("30 Nov 2024 23:59:59", "Sat, 30 Nov 2024 23:59:59 GMT"),
        ("31 Nov 2024 00:00:00", nil),
        ("30 Apr 2024 00:00:00", "Tue, 30 Apr 2024 00:00:00 GMT"),
        ("31 Apr 2024 00:00:00", nil),
        ("31 Jun 2024 00:00:00", nil),
        ("31 Sep 2024 00:00:00", nil),
        ("31 Dec 2024 00:00:00", "Tue, 31 Dec 2024 00:00:00 GMT"),
        ("29 Feb 2024 00:00:00", "Thu, 29 Feb 2024 00:00:00 GMT"),
        ("29 Feb 2023 00:00:00", nil),
        ("29 Feb 2000 00:00:00", "Tue, 29 Feb 2000 00:00:00 GMT"),
        ("29 Feb 1900 00:00:00", nil),
        ("32 Jan 2024 00:00:00", nil),
        ("01 Jan 2024 24:00:00", nil),
        ("01 Jan 2024 23:60:00", nil),
        ("01 Jan 1600 00:00:00", nil),
        ("01 Jan 1601 00:00:00", "Mon, 01 Jan 1601 00:00:00 GMT"),
    ] as [(String, String?)])
    func cookieDateEdges(input: String, expected: String?) {
        #expect(CookieDate.parse(input).map(CookieDate.format) == expected)
    }

    /// RFC 6265bis §5.6 step 4: a name plus value of more than 4096 bytes is ignored; 4096 is kept.
    @Test func nameAndValueOfExactly4096BytesAreKept() {
        var jar = CookieJar()
        let url = CookieURL(host: "localhost", path: "/")
        let now = Date(timeIntervalSince1970: 1_705_320_000)
        let fits = "n=" + String(repeating: "v", count: 4095)
        #expect(jar.store(fits, from: url, at: now).outcome == .stored)
        let over = "m=" + String(repeating: "v", count: 4096)
        #expect(jar.store(over, from: url, at: now).description
            == "rejected: name plus value is 4097 bytes, more than the 4096 a browser keeps")
    }

    /// RFC 6265 §5.1.4: the default-path is the request path up to, not including, its last "/".
    @Test func theDefaultPathIsTheDirectoryWithoutItsSlash() {
        var jar = CookieJar()
        let now = Date(timeIntervalSince1970: 1_705_320_000)
        let decision = jar.store("a=1", from: CookieURL(host: "localhost", path: "/docs/page"), at: now)
        #expect(decision.cookie?.path == "/docs")
        #expect(jar.cookies(for: CookieURL(host: "localhost", path: "/docs"), at: now).sent.map(\.name) == ["a"])
        #expect(jar.cookies(for: CookieURL(host: "localhost", path: "/docs/other"), at: now).sent.map(\.name) == ["a"])
        #expect(CookiePath.defaultPath(of: "/docs/") == "/docs")
        #expect(CookiePath.defaultPath(of: "/page") == "/")
        #expect(CookiePath.defaultPath(of: "page") == "/")
    }

    /// A cookie expires at its expiry instant (RFC 6265 §5.3: "expiry-time is in the past" at
    /// the latest when the clock reaches it): Max-Age=60 is sent at 59 s and not at 60 s.
    @Test func aCookieExpiresAtItsInstant() {
        var jar = CookieJar()
        let now = Date(timeIntervalSince1970: 1_705_320_000)
        let url = CookieURL(host: "localhost", path: "/")
        jar.store("a=1; Max-Age=60", from: url, at: now)
        #expect(jar.cookies(for: url, at: now.addingTimeInterval(59.999)).sent.map(\.name) == ["a"])
        #expect(jar.cookies(for: url, at: now.addingTimeInterval(60)).sent.map(\.name) == [])
    }
}
