import Foundation
import Testing
@testable import Tutor

@Suite(.serialized, .scratch) struct RenderingTests {
    @Test func aRequestPrintsTheExchangeThePanelsAndWhyAt100Columns() async {
        let t = makeTutor(width: 100)
        _ = await t.start()
        _ = await t.run("open 3")
        #expect(await t.run("get /") == """
            → GET /
                Cookie: (none)
            ← 200 OK · text/html · "session is set"
                Set-Cookie: connect.sid=s%3A1eyO-OyPbZ_S8hEVuzDkGH-l21i_fG9M.vEzZztpTxmAqtxixl1WdQGK88numvDma6S…

            ── browser jar · Chrome · default ───────────────  ── session store · 1 session ────────────────────
            + connect.sid=s%3A1eyO-OyPbZ_S8hEVuzDkGH-l21i_fG…  + 1eyO-OyP… {"mySession":"this is my session"}

            why
              browser: stored: connect.sid for localhost only, path /, kept until the browser closes (a session
                cookie)
              express-session: the request has no connect.sid cookie
              express-session: new session 1eyO-OyP… (not in the store until it is saved)
              express-session: saved session 1eyO-OyP… to the store: a new session that was modified
              express-session: Set-Cookie: connect.sid = "s:" + id + "." + signature (a new session that was
                modified); the signature is an HMAC-SHA256 of the id with the first secret: it proves the id
                came from this server (integrity, not secrecy: the id itself is readable)

            ✓ Every goal of this step is met. `next` moves on.
            """)
        await t.shutdown()
    }

    @Test func aNarrowTerminalStacksThePanels() async {
        let t = makeTutor(width: 60)
        _ = await t.start()
        _ = await t.run("open 6")
        #expect(await t.run("get /") == """
            → GET /
                Cookie: (none)
            ← 200 OK · text/html · "cookie set"
                Set-Cookie: myCookie=this%20is%20my%20cookie; Path=/

            ── browser jar · Chrome · default ──────────────────────────
            + myCookie=this%20is%20my%20cookie · session
            ── session store · 0 sessions ──────────────────────────────
              (no sessions)

            why
              browser: stored: myCookie for localhost only, path /, kept
                until the browser closes (a session cookie)
              cookie-parser: no Cookie header: req.cookies is empty
              express: res.cookie('myCookie'): Set-Cookie:
                myCookie=this%20is%20my%20cookie; Path=/

            ✓ Every goal of this step is met. `next` moves on.
            """)
        await t.shutdown()
    }

    @Test func colourOnlyWhenAllowed() async {
        let coloured = makeTutor(color: true)
        _ = await coloured.start()
        _ = await coloured.run("open 6")
        #expect(await coloured.run("get /").contains("\u{1B}[32m+\u{1B}[0m myCookie"))
        await coloured.shutdown()

        let plain = makeTutor(color: false)
        _ = await plain.start()
        _ = await plain.run("open 6")
        #expect(!(await plain.run("get /")).contains("\u{1B}["))
        await plain.shutdown()

        #expect(TutorConfig.colorEnabled(environment: [:], isTerminal: true, noColorFlag: false))
        #expect(!TutorConfig.colorEnabled(environment: ["NO_COLOR": "1"], isTerminal: true, noColorFlag: false))
        #expect(!TutorConfig.colorEnabled(environment: [:], isTerminal: true, noColorFlag: true))
        #expect(!TutorConfig.colorEnabled(environment: [:], isTerminal: false, noColorFlag: false))
    }
}
