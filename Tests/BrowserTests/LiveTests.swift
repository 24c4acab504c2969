import Cookies
import Foundation
import Testing
@testable import Browser

let start = Date(timeIntervalSince1970: 1_705_320_000)  // Mon, 15 Jan 2024 12:00:00 GMT

/// Drives the browser against a real NIO server on 127.0.0.1.
@Suite(.serialized) struct LiveTests {
    func withServer(timeout: TimeInterval = 2, _ body: (Browser, TestServer) async throws -> Void) async throws {
        let server = try await TestServer()
        let browser = Browser(clock: .fixed(start), baseURL: CookieURL(host: "localhost", port: server.port), timeout: timeout)
        do {
            try await body(browser, server)
        } catch {
            try await server.stop()
            throw error
        }
        try await server.stop()
    }

    @Test func storesEverySetCookieAndSendsThemBack() async throws {
        try await withServer { browser, server in
            let first = try await browser.send(BrowserRequest("/set"))
            #expect(first.response?.status == 200)
            #expect(first.decisions.map(\.description) == [
                "stored: sid for localhost only, path /, kept until the browser closes (a session cookie)",
                "stored: theme for localhost only, default path / (no Path attribute: the directory of /set), kept until Mon, 15 Jan 2024 12:01:00 GMT",
            ])
            #expect(first.jarBefore.isEmpty && first.jarAfter.map(\.name) == ["sid", "theme"])
            #expect(first.hops[0].request.headers["Cookie"] == nil)

            let second = try await browser.send(BrowserRequest("/echo"))
            #expect(second.hops[0].request.headers["Cookie"] == "sid=abc; theme=dark")
            #expect(second.response?.text == "GET /echo cookie=sid=abc; theme=dark body=")
            #expect(second.hops[0].request.headers["Host"] == "localhost:\(server.port)")
        }
    }

    @Test func clockJumpExpiresMaxAgeCookie() async throws {
        try await withServer { browser, _ in
            _ = try await browser.send(BrowserRequest("/set"))
            browser.clock.advance(by: 61)
            let later = try await browser.send(BrowserRequest("/echo"))
            #expect(later.hops[0].request.headers["Cookie"] == "sid=abc")
            #expect(later.withheld.map(\.description) == ["withheld theme — expired at Mon, 15 Jan 2024 12:01:00 GMT"])
        }
    }

    @Test func closingTheBrowserDropsSessionCookies() async throws {
        try await withServer { browser, _ in
            _ = try await browser.send(BrowserRequest("/set"))
            let gone = await browser.close()
            #expect(gone.map(\.name) == ["sid"])
            let after = try await browser.send(BrowserRequest("/echo"))
            #expect(after.response?.text == "GET /echo cookie=theme=dark body=")
        }
    }

    @Test func cookiesSetOnARedirectAreKept() async throws {
        try await withServer { browser, _ in
            let e = try await browser.send(BrowserRequest(method: "POST", "/login", body: .form([("user", "alice smith")])))
            #expect(e.hops.count == 2)
            #expect(e.hops[0].response?.status == 302)
            #expect(e.hops[0].request.body == Array("user=alice+smith".utf8))
            #expect(e.hops[0].stored.map(\.description) == ["stored: user for localhost only, path /, kept until the browser closes (a session cookie)"])
            // 302 after POST becomes GET, without the body, and carries the new cookie.
            #expect(e.hops[1].request.method == "GET")
            #expect(e.response?.text == "GET /home cookie=user=alice body=")
        }
    }

    @Test func seeOtherBecomesGetAndRedirectLoopsStop() async throws {
        try await withServer { browser, server in
            let e = try await browser.send(BrowserRequest(method: "PUT", "/form", body: .json(#"{"a":1}"#)))
            #expect(e.response?.text == "GET /echo cookie=(none) body=")
            await #expect(throws: BrowserError.tooManyRedirects(20, "http://localhost:\(server.port)/loop")) {
                _ = try await browser.send(BrowserRequest("/loop"))
            }
        }
    }

    /// RFC 9110 §15.4: 307 and 308 keep the method and the body; 301 and 302 after a POST, and
    /// 303 after anything but HEAD, become a GET without a body.
    @Test(arguments: [
        (301, "POST", "GET /echo cookie=(none) body="),
        (302, "POST", "GET /echo cookie=(none) body="),
        (303, "POST", "GET /echo cookie=(none) body="),
        (303, "PUT", "GET /echo cookie=(none) body="),
        (307, "POST", "POST /echo cookie=(none) body=user=alice"),
        (308, "POST", "POST /echo cookie=(none) body=user=alice"),
        (307, "PUT", "PUT /echo cookie=(none) body=user=alice"),
        (301, "PUT", "PUT /echo cookie=(none) body=user=alice"),
    ])
    func redirectsKeepOrDropTheMethodAndBody(status: Int, method: String, expected: String) async throws {
        try await withServer { browser, _ in
            let e = try await browser.send(BrowserRequest(method: method, "/redirect/\(status)", body: .form([("user", "alice")])))
            #expect(e.hops.count == 2)
            #expect(e.hops[0].response?.status == status)
            #expect(e.response?.text == expected)
            let keeps = expected.hasPrefix(method)
            #expect(e.hops[1].request.headers["Content-Type"] == (keeps ? "application/x-www-form-urlencoded" : nil))
        }
    }

    @Test func theBrowserKindChangesTheRulesAndIsRecorded() async throws {
        try await withServer { browser, server in
            await browser.setBrowserKind(.safari)
            let e = try await browser.send(BrowserRequest("/secure"))
            #expect(e.decisions.map(\.description) == ["rejected: Secure cookie from http://localhost:\(server.port): Safari does not treat localhost as a secure context (Chrome and Firefox do)"])
            #expect(e.browserTitle == "Safari · default")
            #expect(await browser.blocksThirdPartyCookies)
            await browser.setBlocksThirdPartyCookies(false)
            #expect(await browser.rules.thirdParty == .allow)
            #expect(try await browser.send(BrowserRequest("/echo")).browserTitle == "Safari · default · 3p allowed")
            await browser.setBrowserKind(.chrome)
            let chrome = try await browser.send(BrowserRequest("/secure"))
            #expect(chrome.decisions.map(\.outcome) == [.stored])
            await browser.reset()
            #expect(await browser.rules == CookieRules())
        }
    }

    @Test func profilesHaveSeparateJars() async throws {
        try await withServer { browser, _ in
            try await browser.switchProfile(to: "alice")
            _ = try await browser.send(BrowserRequest("/set"))
            let isNew = try await browser.switchProfile(to: "bob")
            #expect(isNew)
            let bob = try await browser.send(BrowserRequest("/echo"))
            #expect(bob.profile == "bob")
            #expect(bob.response?.text == "GET /echo cookie=(none) body=")
            #expect(await browser.jar("alice").cookies.count == 2)
            #expect(await browser.profiles == ["default", "alice", "bob"])
            await #expect(throws: BrowserError.invalidProfileName("no way")) { try await browser.switchProfile(to: "no way") }
        }
    }

    @Test func aRouteThatNeverAnswersTimesOut() async throws {
        try await withServer(timeout: 0.3) { browser, _ in
            let e = try await browser.send(BrowserRequest("/hang"))
            #expect(e.timedOut)
            #expect(e.hops[0].result == .noResponse(after: 0.3))
            #expect(e.response == nil)
        }
    }

    @Test func subdomainsOfLocalhostReachTheSameMachine() async throws {
        try await withServer { browser, server in
            let e = try await browser.send(BrowserRequest("http://shop.localhost:\(server.port)/echo"))
            #expect(e.hops[0].request.headers["Host"] == "shop.localhost:\(server.port)")
            #expect(e.response?.status == 200)
        }
    }

    @Test func handEditsAndDocumentCookie() async throws {
        try await withServer { browser, _ in
            _ = try await browser.send(BrowserRequest("/set"))
            try await browser.setCookie(name: "sid", value: "tampered")
            #expect(await browser.jar().cookie(named: "sid")?.httpOnly == true)
            let view = try await browser.documentCookie("/")
            #expect(view.header == "theme=dark")
            let e = try await browser.send(BrowserRequest("/echo"))
            #expect(e.response?.text == "GET /echo cookie=sid=tampered; theme=dark body=")
            try await browser.deleteCookie(name: "theme")
            await #expect(throws: BrowserError.noSuchCookie("theme")) { try await browser.deleteCookie(name: "theme") }
        }
    }

    @Test func cookiesTxtRoundTripsThroughTheBrowser() async throws {
        try await withServer { browser, _ in
            _ = try await browser.send(BrowserRequest("/set"))
            let text = await browser.exportCookiesTxt()
            try await browser.switchProfile(to: "copy")
            try await browser.importCookiesTxt(text)
            #expect(await browser.exportCookiesTxt() == text)
        }
    }

    @Test func errorsQuoteWhatWasGiven() async throws {
        let browser = Browser(clock: .fixed(start), baseURL: CookieURL(host: "localhost", port: 1))
        await #expect(throws: BrowserError.unreachableHost("example.com")) { _ = try await browser.send(BrowserRequest("http://example.com/")) }
        await #expect(throws: BrowserError.invalidURL("newpage")) { _ = try await browser.send(BrowserRequest("newpage")) }
        await #expect(throws: BrowserError.noServer("http://localhost:1")) { _ = try await browser.send(BrowserRequest("/")) }
    }
}
