import Foundation
import Testing
@testable import Tutor

@Suite(.serialized, .scratch) struct InspectTests {
    @Test func rawShowsTheHTTPText() async {
        let t = makeTutor()
        _ = await t.start()
        _ = await t.run("open 6")
        _ = await t.run("get /")
        let raw = await t.run("raw")
        #expect(raw.hasPrefix("GET / HTTP/1.1\nHost: localhost:"))
        #expect(raw.contains("\nUser-Agent: crumbs-browser/1.0\nAccept: */*\n\n\nHTTP/1.1 200 OK\nX-Powered-By: Express\nSet-Cookie: myCookie=this%20is%20my%20cookie; Path=/\nContent-Type: text/html; charset=utf-8\nContent-Length: 10\nETag: W/\"a-"))
        #expect(raw.contains("\nDate: Mon, 15 Jan 2024 12:00:00 GMT\nConnection: keep-alive\nKeep-Alive: timeout=5\n\ncookie set"))
        await t.shutdown()
    }

    @Test func exportWritesACurlScriptCookiesAndHAR() async throws {
        let t = makeTutor()
        _ = await t.start()
        _ = await t.run("open 6")
        _ = await t.run("get /")
        _ = await t.run("as bob")
        _ = await t.run("post /form name=bob")
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = await t.run("export \(dir.path)")
        let port = await t.appSlot.app?.port ?? 0
        #expect(out == """
            exported 2 requests to app.js on port \(port), since its server started:
              \(dir.path)/crumbs-session.sh
              \(dir.path)/crumbs-session-app.js
              \(dir.path)/crumbs-session.har
              \(dir.path)/cookies-default.txt
              \(dir.path)/cookies-bob.txt
            replay them: `crumbs serve \(dir.path)/crumbs-session-app.js --port \(port)` in one terminal, `sh \(dir.path)/crumbs-session.sh` in another.
            """)
        let har = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("crumbs-session.har"))) as? [String: Any]
        let log = try #require(har?["log"] as? [String: Any])
        #expect(log["version"] as? String == "1.2")
        let entries = try #require(log["entries"] as? [[String: Any]])
        #expect(entries.count == 2)
        let response = try #require(entries[0]["response"] as? [String: Any])
        #expect(response["status"] as? Int == 200)
        #expect((response["cookies"] as? [[String: String]]) == [["name": "myCookie", "value": "this%20is%20my%20cookie"]])
        let jar = try String(contentsOf: dir.appendingPathComponent("cookies-default.txt"), encoding: .utf8)
        #expect(jar.contains("localhost\tFALSE\t/\tFALSE\t0\tmyCookie\tthis%20is%20my%20cookie"))
        let code = try String(contentsOf: dir.appendingPathComponent("crumbs-session-app.js"), encoding: .utf8)
        #expect(code == (await t.appSlot.app?.code ?? "") + "\n")
        await t.shutdown()
    }

    /// One app's requests only, since its server started; the browser commands between them as
    /// comments and cookies.txt edits; local names resolved; every request with a time limit.
    @Test func theScriptSaysWhatTheBrowserDidBetweenRequests() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("mine.js")
        try """
        const app = require("express")();
        app.get("/", (req, res) => { res.cookie("seen", "yes", { maxAge: 60000 }); res.send("hi"); });
        app.post("/form", (req, res) => res.send("ok"));
        app.get("/never", (req, res) => {});
        app.listen(3000);
        """.write(to: file, atomically: true, encoding: .utf8)
        let t = makeTutor(state: dir)
        _ = await t.start()
        _ = await t.run("open 6")
        _ = await t.run("get /")
        for command in ["load \(file.path)", "get /", "set theme=dark", "wait 2m", "get http://shop.localhost/ --from evil.test --subresource",
                        "post /form a=1 --from shop.localhost", "get /never", "as bob", "document.cookie = 'x=1'", "unset x", "close", "get /", "export \(dir.path)"] {
            _ = await t.run(command)
        }
        let port = await t.appSlot.app?.port ?? 0
        let script = try String(contentsOf: dir.appendingPathComponent("crumbs-session.sh"), encoding: .utf8)
            .replacingOccurrences(of: String(port), with: "PORT")
        #expect(script == """
            #!/bin/sh
            # The requests sent to mine.js (`load mine.js`) since its server started, replayed with curl.
            # It assumes that app is running on port PORT (or $PORT): start it first, in another terminal,
            #   crumbs serve crumbs-session-app.js --port PORT
            # crumbs-session-app.js, beside this script, is the code the server ran.
            # For a server on another port: PORT=4000 sh crumbs-session.sh
            # Each profile's cookies are in cookies-PROFILE.txt (Netscape format: curl -b reads it, -c writes
            # it); they start as the browser's jar was when the server started. Each request waits at most
            # 2 s (--max-time, as long as the browser waited); one that fails does not stop the rest.
            cd "$(dirname "$0")" || exit 1
            PORT=${PORT:-PORT}
            : > cookies-bob.txt
            cat > cookies-default.txt <<'COOKIES'
            # Netscape HTTP Cookie File
            # Written by crumbs. curl reads it with -b and writes it with -c.
            localhost\tFALSE\t/\tFALSE\t0\tmyCookie\tthis%20is%20my%20cookie
            COOKIES

            # 1. default: GET /
            # crumbs got: 200 OK, set seen
            printf '\\n== %s\\n' '1. default: GET /'
            curl -sS -i -L --max-time 2 -b cookies-default.txt -c cookies-default.txt "http://localhost:$PORT"'/'

            # set theme=dark: an edit of the jar by hand
            awk -F'\\t' -v n='theme' -v d='localhost' -v p='/' '{ h = $1; sub(/^#HttpOnly_/, "", h); sub(/^\\./, "", h) } !(NF >= 7 && $6 == n && h == d && $3 == p)' cookies-default.txt > cookies-default.txt.tmp && mv cookies-default.txt.tmp cookies-default.txt
            printf '%s\\n' 'localhost\tFALSE\t/\tFALSE\t0\ttheme\tdark' >> cookies-default.txt

            # wait 2m: the browser's clock moved on 2 minutes here; this script runs in real time, so nothing expires by itself
            # the browser dropped what had expired by then: seen
            awk -F'\\t' -v n='seen' -v d='localhost' -v p='/' '{ h = $1; sub(/^#HttpOnly_/, "", h); sub(/^\\./, "", h) } !(NF >= 7 && $6 == n && h == d && $3 == p)' cookies-default.txt > cookies-default.txt.tmp && mv cookies-default.txt.tmp cookies-default.txt

            # 2. default: GET http://shop.localhost/
            # started by a page at http://evil.test:PORT
            # a subresource (an image, a script, a fetch), not a navigation: SameSite=Lax cookies stay home on a cross-site one
            # crumbs got: 200 OK
            printf '\\n== %s\\n' '2. default: GET http://shop.localhost/'
            curl -sS -i -L --max-time 2 -b cookies-default.txt -c cookies-default.txt --resolve "shop.localhost:$PORT:127.0.0.1" -H "Origin: http://evil.test:$PORT" -H 'Sec-Fetch-Site: cross-site' "http://shop.localhost:$PORT"'/'

            # 3. default: POST /form
            # started by a page at http://shop.localhost:PORT (a link or form: a navigation)
            # the browser held back myCookie, theme (sameSite, sameSite); curl knows no SameSite and sends what the file holds
            # crumbs got: 200 OK
            printf '\\n== %s\\n' '3. default: POST /form'
            curl -sS -i -L --max-time 2 -b cookies-default.txt -c cookies-default.txt -H 'Content-Type: application/x-www-form-urlencoded' -H "Origin: http://shop.localhost:$PORT" -H 'Sec-Fetch-Site: cross-site' --data-raw 'a=1' "http://localhost:$PORT"'/form'

            # 4. default: GET /never
            # crumbs got: no response after 2 s (curl gives up at --max-time and goes on)
            printf '\\n== %s\\n' '4. default: GET /never'
            curl -sS -i -L --max-time 2 -b cookies-default.txt -c cookies-default.txt "http://localhost:$PORT"'/never'

            # as bob: the next requests are bob's, with cookies-bob.txt

            # document.cookie = 'x=1': an edit of the jar by hand
            awk -F'\\t' -v n='x' -v d='localhost' -v p='/' '{ h = $1; sub(/^#HttpOnly_/, "", h); sub(/^\\./, "", h) } !(NF >= 7 && $6 == n && h == d && $3 == p)' cookies-bob.txt > cookies-bob.txt.tmp && mv cookies-bob.txt.tmp cookies-bob.txt
            printf '%s\\n' 'localhost\tFALSE\t/\tFALSE\t0\tx\t1' >> cookies-bob.txt

            # unset x: an edit of the jar by hand
            awk -F'\\t' -v n='x' -v d='localhost' -v p='/' '{ h = $1; sub(/^#HttpOnly_/, "", h); sub(/^\\./, "", h) } !(NF >= 7 && $6 == n && h == d && $3 == p)' cookies-bob.txt > cookies-bob.txt.tmp && mv cookies-bob.txt.tmp cookies-bob.txt

            # close: the browser closed and opened again: session cookies (expiry 0) are gone (there were none)
            awk -F'\\t' 'NF < 7 || $5 != 0' cookies-bob.txt > cookies-bob.txt.tmp && mv cookies-bob.txt.tmp cookies-bob.txt

            # 5. bob: GET /
            # crumbs got: 200 OK, set seen
            printf '\\n== %s\\n' '5. bob: GET /'
            curl -sS -i -L --max-time 2 -b cookies-bob.txt -c cookies-bob.txt "http://localhost:$PORT"'/'

            """)
        await t.shutdown()
    }

    /// A step starts on a fresh server: the export holds what crumbs replayed to build its
    /// start (marked so) and what came after, not the requests of the step before.
    @Test func theExportStartsWithTheServer() async throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = makeTutor(state: dir)
        _ = await t.start()
        for command in ["open 1", "get /", "get /newpage", "get /newpage", "step 4", "get /newpage", "export \(dir.path)"] {
            _ = await t.run(command)
        }
        let script = try String(contentsOf: dir.appendingPathComponent("crumbs-session.sh"), encoding: .utf8)
        #expect(script.split(separator: "\n").filter { $0.range(of: #"^# (\d+\. |as )"#, options: .regularExpression) != nil } == [
            "# 1. default: GET /  (done by crumbs to build the step's start)",
            "# 2. default: GET /  (done by crumbs to build the step's start)",
            "# 3. default: GET /newpage  (done by crumbs to build the step's start)",
            "# as bob: the next requests are bob's, with cookies-bob.txt  (done by crumbs to build the step's start)",
            "# 4. bob: GET /newpage  (done by crumbs to build the step's start)",
            "# 5. bob: GET /newpage",
        ])
        #expect(script.contains("# The requests sent to app.js (the code of lesson 1, \"What a session and a cookie are\", step 1) since its server started"))
        await t.shutdown()
    }

    @Test func hintsCheckAndReset() async {
        let t = makeTutor()
        _ = await t.start()
        _ = await t.run("open 3")
        #expect(await t.run("check") == "  ✗ The session holds mySession\n      could not check: exactly one session in the store… \n1 goal still open.".replacingOccurrences(of: "could not check: exactly one session in the store… ", with: "expected exactly one session in the store\n      found    0 sessions"))
        _ = await t.run("next")
        #expect(await t.run("hint") == "Hint 1 of 2: the route logs, and then? Nothing sends a response.")
        #expect(await t.run("hint") == "Hint 2 of 2: Type exactly `get /` and then `get /newpage`, in that order.")
        // The step starts where step 1's commands left the browser and server.
        #expect(await t.run("store").hasPrefix("session store (MemoryStore, 1 session):"))
        _ = await t.run("set extra=1")
        _ = await t.run("as bob")
        _ = await t.run("wait 1h")
        let reset = await t.run("reset").replacingOccurrences(of: "\n  ", with: " ")
        #expect(reset.hasPrefix("The step starts over: the browser and server as the step begins.\nPut back as this step starts: the jar without extra; browsing as default again; the clock back by 1 hour."))
        #expect(await t.run("store").hasPrefix("session store (MemoryStore, 1 session):"))
        #expect(await t.run("jar").contains("connect.sid"))
        #expect(await t.run("jar").contains("extra") == false)
        await t.shutdown()
    }
}
