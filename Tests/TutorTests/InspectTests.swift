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
        let out = await t.run("export \(dir.path)")
        #expect(out.hasPrefix("exported 2 requests:"))
        let script = try String(contentsOf: dir.appendingPathComponent("crumbs-session.sh"), encoding: .utf8)
        let lines = script.split(separator: "\n").map(String.init)
        #expect(lines.contains("rm -f cookies-bob.txt cookies-default.txt"))
        #expect(lines.contains { $0.hasPrefix("curl -sS -i -L -b cookies-default.txt -c cookies-default.txt 'http://localhost:") && $0.hasSuffix("/'") })
        #expect(lines.contains { $0.hasPrefix("curl -sS -i -L -b cookies-bob.txt -c cookies-bob.txt -H 'Content-Type: application/x-www-form-urlencoded' --data-raw 'name=bob' 'http://localhost:") })
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
        await t.shutdown()
    }

    @Test func hintsCheckAndReset() async {
        let t = makeTutor()
        _ = await t.start()
        _ = await t.run("open 3")
        #expect(await t.run("check") == "  ✗ The session holds mySession\n      could not check: exactly one session in the store… \n1 goal still open.".replacingOccurrences(of: "could not check: exactly one session in the store… ", with: "expected exactly one session in the store\n      found    0 sessions"))
        _ = await t.run("next")
        #expect(await t.run("hint") == "Hint 1 of 1: the route logs, and then? Nothing sends a response.")
        _ = await t.run("get /")
        #expect(await t.run("store").hasPrefix("session store (MemoryStore, 1 session):"))
        #expect(await t.run("reset").hasPrefix("The step starts over: a fresh browser and server."))
        #expect(await t.run("store") == "the session store is empty.")
        #expect(await t.run("jar") == "default's jar is empty.")
        await t.shutdown()
    }
}
