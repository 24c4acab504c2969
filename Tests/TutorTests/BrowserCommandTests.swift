import Foundation
import Testing
@testable import Tutor

/// `browser chrome|firefox|safari` and `thirdparty`: the rules that differ, said and applied.
@Suite(.serialized) struct BrowserCommandTests {
    @Test func chromeLetsAYoungCookieRideACrossSitePost() async {
        let t = makeTutor()
        _ = await t.start()
        _ = await t.run("open 3")
        _ = await t.run("get /")
        let young = await t.run("post / --from http://evil.localhost")
        #expect(young.contains("    Cookie: connect.sid=s%3A"))
        #expect(young.contains("  browser: sent connect.sid on a cross-site top-level POST (started by http://evil.localhost): it\n    has no SameSite and was set 0 s ago, within Chrome's two-minute Lax-allowing-unsafe window"))
        _ = await t.run("wait 3m")
        let old = await t.run("post / --from http://evil.localhost")
        #expect(old.contains("    Cookie: (none)"))
        #expect(old.contains("  browser: withheld connect.sid — no SameSite, which Chrome treats as Lax, and this cross-site\n    top-level POST (started by http://evil.localhost) comes 3 min after the cookie was set: the\n    two-minute Lax-allowing-unsafe window is over"))
        await t.shutdown()
    }

    @Test func switchingBrowsersSaysWhatChangesAndTheJarShowsIt() async {
        let t = makeTutor()
        _ = await t.start()
        _ = await t.run("open 3")
        _ = await t.run("get /")
        #expect(await t.run("browser") == """
            the browser follows Chrome's cookie rules (usage: browser chrome|firefox|safari)
              SameSite default: Lax; a cookie without SameSite still rides a cross-site top-level POST in its first two minutes (Lax-allowing-unsafe)
              third-party cookies: allowed (within the SameSite rules)
              Partitioned (CHIPS): kept per top-level site
              Secure over http://localhost: allowed: localhost is a secure context
            """)
        #expect(await t.run("browser safari").hasPrefix("""
            the browser now follows Safari's cookie rules (the jars keep their cookies):
              SameSite default: none: a cookie without SameSite goes along on cross-site requests
              third-party cookies: blocked: a cross-site subresource neither sets nor sends any cookie
              Partitioned (CHIPS): kept per top-level site; blocked like every third-party cookie
              Secure over http://localhost: refused: localhost is not a secure context
            """))
        let jar = await t.run("jar")
        #expect(jar.hasPrefix("default's jar (Safari rules):"))
        #expect(jar.hasSuffix("(None): no SameSite was given; Safari has no Lax default, so it goes along on cross-site requests too."))
        #expect(await t.run("thirdparty") == "usage: thirdparty block|allow|default — third-party cookies now: blocked: a cross-site subresource neither sets nor sends any cookie (Safari's default)")
        #expect(await t.run("thirdparty allow") == "override: the browser now allows third-party cookies, unpartitioned, within the SameSite rules; `thirdparty default` goes back to Safari's own policy")
        #expect(await t.run("get /").contains("── browser jar · Safari · default · 3p allowed ──"))
        #expect(await t.run("browser edge") == "usage: browser chrome|firefox|safari — \"edge\" is not one crumbs models")
        await t.shutdown()
    }
}
