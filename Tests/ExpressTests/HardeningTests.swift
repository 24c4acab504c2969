import Cookies
import Foundation
import JavaScript
import Testing
@testable import Express

let hostileApp = """
const express = require("express");
const app = express();
app.use(express.json());
app.use(express.urlencoded({ extended: false }));
app.get("/undefined", (req, res) => res.status(undefined).send());
app.get("/nan", (req, res) => res.status(Number("abc")).send("x"));
app.get("/float", (req, res) => res.status(201.9).send("x"));
app.get("/lang", (req, res) => { res.set("Content-Language", req.query.lang); res.send("hi"); });
app.get("/name", (req, res) => { res.set("Bad Name", "x"); res.send("hi"); });
app.get("/reason", (req, res) => { res.statusMessage = "OK\\r\\nSet-Cookie: a=b"; res.send("hi"); });
app.get("/twice", (req, res) => { res.send("one"); res.send("two"); });
app.get("/async", async (req, res) => { await null; throw new Error("async boom"); });
app.get("/timer", (req, res) => { setTimeout(() => { throw new Error("timer boom"); }, 1); res.send("ok"); });
app.get("/huge-timer", (req, res) => { setTimeout(() => {}, 1e20); setTimeout(() => {}, Infinity); res.send("ok"); });
app.post("/json", (req, res) => res.json({ keys: Object.keys(req.body).length }));
app.post("/form", (req, res) => res.json({ keys: Object.keys(req.body).length }));
app.get("/ok", (req, res) => res.send("still here"));
app.get("/cookies", (req, res) => { res.setHeader("Set-Cookie", [req.query.a, req.query.b]); res.send("hi"); });
app.get("/lf", (req, res) => { res._headers.set("x-a", ["X-A", "one\\nSet-Cookie\\nsid=forged"]); res.send("x"); });
app.listen(3000);
"""

let timerLoopApp = """
const express = require("express");
const app = express();
let armed = false;
app.get("/", (req, res) => { if (!armed) { armed = true; setTimeout(() => { while (true) {} }, 1); } res.send("ok"); });
app.listen(3000);
"""

/// The error page Express's final handler sends in development for `stack`.
func errorPage(_ stack: String) -> String {
    let body = stack.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        .replacingOccurrences(of: "'", with: "&#39;")
        .replacingOccurrences(of: "\n", with: "<br>").replacingOccurrences(of: "  ", with: " &nbsp;")
    return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>\(body)</pre>\n</body>\n</html>\n"
}

extension ExpressRuntime {
    func post(_ path: String, type: String, body: String) async -> OutgoingResponse? {
        await handle(IncomingRequest(method: "POST", target: path,
                                     headers: [HeaderField("Host", "localhost:3000"), HeaderField("Content-Type", type)], body: body)).response
    }
}

@Suite struct HardeningTests {
    @Test func anInvalidStatusIsNodesRangeErrorAndTheNextRequestIsAnswered() async throws {
        let app = try await makeApp(hostileApp)
        let r = try #require(await app.get("/undefined"))
        #expect(r.status == 500)
        #expect(r.body == errorPage("RangeError [ERR_HTTP_INVALID_STATUS_CODE]: Invalid status code: undefined\n    at app.js:5:63"))
        #expect(app.console() == ["RangeError [ERR_HTTP_INVALID_STATUS_CODE]: Invalid status code: undefined\n    at app.js:5:63"])
        let nan = try #require(await app.get("/nan"))
        #expect(nan.status == 500)
        #expect(app.console().last?.hasPrefix("RangeError [ERR_HTTP_INVALID_STATUS_CODE]: Invalid status code: NaN") == true)
        // Node truncates: 201.9 is 201.
        #expect(await app.get("/float")?.status == 201)
        #expect(await app.get("/ok")?.body == "still here")
    }

    @Test func aNULInAHeaderValueIsRefusedAndSendsNoExtraHeader() async throws {
        let app = try await makeApp(hostileApp)
        let r = try #require(await app.get("/lang?lang=en%00Set-Cookie%00connect.sid=s%3Aforged"))
        #expect(r.status == 500)
        #expect(r.setCookies.isEmpty)
        #expect(r.header("Content-Language") == nil)
        #expect(app.console().first?.hasPrefix("TypeError [ERR_INVALID_CHAR]: Invalid character in header content [\"Content-Language\"]") == true)
        let crlf = try #require(await app.get("/lang?lang=en%0D%0ASet-Cookie:%20a=b"))
        #expect(crlf.status == 500)
        #expect(crlf.setCookies.isEmpty)
        #expect(await app.get("/lang?lang=fr")?.header("Content-Language") == "fr")
    }

    /// Every value of a header set as a list is checked, the first as the others.
    @Test(arguments: [("a%0D%0AX:%20y", "b=2"), ("a=1", "b%0D%0AX:%20y")])
    func eachValueOfAListIsChecked(a: String, b: String) async throws {
        let app = try await makeApp(hostileApp)
        let r = try #require(await app.get("/cookies?a=\(a)&b=\(b)"))
        #expect(r.status == 500)
        #expect(r.setCookies.isEmpty)
        #expect(app.console().first?.hasPrefix("TypeError [ERR_INVALID_CHAR]: Invalid character in header content [\"Set-Cookie\"]") == true)
        #expect(await app.get("/cookies?a=a=1&b=b=2")?.setCookies == ["a=1", "b=2"])
    }

    @Test func anInvalidHeaderNameOrReasonIsRefusedAsNode() async throws {
        let app = try await makeApp(hostileApp)
        #expect(await app.get("/name")?.status == 500)
        #expect(app.console().first?.hasPrefix("TypeError [ERR_INVALID_HTTP_TOKEN]: Header name must be a valid HTTP token [\"Bad Name\"]") == true)
        let r = try #require(await app.get("/reason"))
        #expect(r.status == 500)
        #expect(r.setCookies.isEmpty)
        #expect(app.console().last?.hasPrefix("TypeError [ERR_INVALID_CHAR]: Invalid character in statusMessage") == true)
    }

    @Test func aSecondSendIsLoggedAsExpressDoes() async throws {
        let app = try await makeApp(hostileApp)
        #expect(await app.get("/twice")?.body == "one")
        let id = app.events.since(0).last?.requestID ?? 0
        #expect(app.events.events(forRequest: id).filter(\.isConsole).map(\.text)
            == ["Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client\n    at app.js:11:60"])
    }

    @Test func anUnhandledRejectionIsPrintedWithWhatNodeWouldDo() async throws {
        let app = try await makeApp(hostileApp)
        let start = app.events.count
        Task { _ = await app.get("/async") }
        try await waitFor { app.console(since: start).count == 1 }
        #expect(app.console(since: start) == [
            "Uncaught (in promise) Error: async boom\n    at app.js:12:68\n(an unhandled rejection: Node would print this and exit; crumbs keeps the server running)",
        ])
        #expect(await app.get("/ok")?.body == "still here")
    }

    @Test func anErrorInATimerIsPrinted() async throws {
        let app = try await makeApp(hostileApp)
        #expect(await app.get("/timer")?.body == "ok")
        try await waitFor { app.console().count == 1 }
        #expect(app.console() == [
            "Uncaught Error: timer boom\n    at app.js:13:69\n(in a setTimeout callback: Node would print this and exit; crumbs keeps the server running)",
        ])
    }

    @Test func anEndlessLoopInATimerIsStoppedAndSaysWhere() async throws {
        let app = try await makeApp(timerLoopApp, timeLimit: 0.3)
        #expect(await app.get("/")?.body == "ok")
        try await waitFor { app.console().count == 1 }
        #expect(app.console() == ["stopped after 0.3 s: the code never finished (an endless loop?). A timer callback was stopped."])
        #expect(await app.get("/")?.body == "ok")
    }

    @Test func aTimerTooLongForNodeIsOneMillisecondWithNodesWarning() async throws {
        let app = try await makeApp(hostileApp)
        #expect(await app.get("/huge-timer")?.body == "ok")
        #expect(app.console() == [
            "(node:1) TimeoutOverflowWarning: 100000000000000000000 does not fit into a 32-bit signed integer.\nTimeout duration was set to 1.",
            "(node:1) TimeoutOverflowWarning: Infinity does not fit into a 32-bit signed integer.\nTimeout duration was set to 1.",
        ])
        #expect(await app.get("/ok")?.body == "still here")
    }

    @Test func bodyParsersRefuseWhatBodyParserRefuses() async throws {
        let app = try await makeApp(hostileApp)
        let big = "{\"a\":\"" + String(repeating: "x", count: 102_400) + "\"}"
        let r = try #require(await app.post("/json", type: "application/json", body: big))
        #expect(r.status == 413)
        #expect(app.console().first?.hasPrefix("PayloadTooLargeError: request entity too large") == true)
        #expect(await app.post("/json", type: "application/json", body: "{\"a\":1}")?.body == "{\"keys\":1}")
        let many = (0..<1001).map { "k\($0)=v" }.joined(separator: "&")
        #expect(await app.post("/form", type: "application/x-www-form-urlencoded", body: many)?.status == 413)
        #expect(app.console().last?.hasPrefix("PayloadTooLargeError: too many parameters") == true)
        let enough = (0..<1000).map { "k\($0)=v" }.joined(separator: "&")
        #expect(await app.post("/form", type: "application/x-www-form-urlencoded", body: enough)?.body == "{\"keys\":1000}")
    }

    @Test func theHostChecksWhatCrossesTheBridgeAgain() throws {
        let js = JSContext()
        func check(_ status: String, _ headers: String, reason: String = "OK") throws -> Result<OutgoingResponse, ExpressRuntime.Refusal> {
            ExpressRuntime.response(status: try js.evaluate(status), reason: reason, headers: try js.evaluate(headers), body: "b")
        }
        #expect(try check("200", "['X-A', '1']") == .success(OutgoingResponse(status: 200, reason: "OK", headers: [HeaderField("X-A", "1")], body: "b")))
        #expect(try check("NaN", "[]") == .failure(.init(message: "status NaN is not an integer from 100 to 999")))
        #expect(try check("1e20", "[]") == .failure(.init(message: "status 100000000000000000000 is not an integer from 100 to 999")))
        #expect(try check("'200'", "[]") == .failure(.init(message: "status 200 is not an integer from 100 to 999")))
        #expect(try check("200", "'X-A\\0001'") == .failure(.init(message: "the headers are not a list of names and values")))
        #expect(try check("200", "['X-A']") == .failure(.init(message: "the headers are not a list of names and values")))
        #expect(try check("200", "['Content-Language', 'en\\0Set-Cookie\\0sid=x']")
            == .failure(.init(message: "the value of header \"Content-Language\" has a control character in it")))
        #expect(try check("200", "['Bad Name', 'x']") == .failure(.init(message: "header name \"Bad Name\" is not a token")))
        #expect(try check("200", "[]", reason: "OK\r\nSet-Cookie: a=b") == .success(OutgoingResponse(status: 200, reason: "", headers: [], body: "b")))
        #expect(try check("200", "['X-A', 'a\\nb']") == .failure(.init(message: "the value of header \"X-A\" has a control character in it")))
    }

    /// The headers cross as lines too, read when there are as many as the list has items; a line
    /// feed in a name or a value makes more, and the list is read (and refused) instead.
    @Test func theHeadersLinesAreReadOnlyWhenTheyMatchTheList() throws {
        let js = JSContext()
        func check(_ headers: String, _ lines: String) throws -> Result<OutgoingResponse, ExpressRuntime.Refusal> {
            ExpressRuntime.response(status: js.number(200), reason: "OK", headers: try js.evaluate(headers), lines: lines, body: "")
        }
        let two = [HeaderField("Set-Cookie", "a=1; Path=/"), HeaderField("X-Powered-By", "Express")]
        #expect(try check("['Set-Cookie', 'a=1; Path=/', 'X-Powered-By', 'Express']", "Set-Cookie\na=1; Path=/\nX-Powered-By\nExpress")
            == .success(OutgoingResponse(status: 200, reason: "OK", headers: two, body: "")))
        // As many lines as items: the lines are what is read (they are the list, joined).
        #expect(try check("['X-A', '1']", "X-B\n2") == .success(OutgoingResponse(status: 200, reason: "OK", headers: [HeaderField("X-B", "2")], body: "")))
        // One line short or one too many: the list, item by item.
        #expect(try check("['Set-Cookie', 'a=1; Path=/', 'X-Powered-By', 'Express']", "Set-Cookie\na=1; Path=/\nX-Powered-By")
            == .success(OutgoingResponse(status: 200, reason: "OK", headers: two, body: "")))
        #expect(try check("['X-A', 'a\\nSet-Cookie\\nsid=x']", "X-A\na\nSet-Cookie\nsid=x")
            == .failure(.init(message: "the value of header \"X-A\" has a control character in it")))
        #expect(try check("['X-A', 'a\\r\\nSet-Cookie: sid=x']", "X-A\na\r\nSet-Cookie: sid=x")
            == .failure(.init(message: "the value of header \"X-A\" has a control character in it")))
        // Lines that match are still checked as the list is.
        #expect(try check("['X-A', 'a']", "X-A\na\u{0}b") == .failure(.init(message: "the value of header \"X-A\" has a control character in it")))
        #expect(try check("['X-A', 'é ✓']", "X-A\né ✓") == .success(OutgoingResponse(status: 200, reason: "OK", headers: [HeaderField("X-A", "é ✓")], body: "")))
        #expect(ExpressRuntime.lines("", count: 0) == nil)
        #expect(ExpressRuntime.lines("a\n\nb", count: 3) == ["a", "", "b"])
    }

    /// A line feed that app code put in a header behind the prelude's back (which refuses one in
    /// `setHeader`) never splits the header: the host refuses the response.
    @Test func aLineFeedInAHeaderIsNeverASeparator() async throws {
        let app = try await makeApp(hostileApp)
        let r = await app.get("/lf")
        #expect(r?.setCookies.isEmpty == true)
        #expect(r?.header("X-A") == nil)
        #expect(r?.status == 500)
        #expect(app.console().last == "Error: crumbs refused the app's response: the value of header \"X-A\" has a control character in it")
    }

    @Test func appCodeCannotReachTheBridge() async throws {
        let app = try await makeApp(hostileApp)
        #expect(try await app.evaluate("[typeof __crumbs, typeof __native, typeof __crumbsStack, typeof globalThis.__crumbs]")
            == "[ 'undefined', 'undefined', 'undefined', 'undefined' ]")
        #expect(await app.get("/ok")?.body == "still here")
    }
}

/// Waits (up to 5 s) until `condition` holds.
func waitFor(_ condition: @escaping () -> Bool) async throws {
    let deadline = Date().addingTimeInterval(5)
    while !condition() {
        if Date() > deadline { Issue.record("timed out waiting"); return }
        try await Task.sleep(for: .milliseconds(10))
    }
}
