import Cookies
import Foundation
import JavaScript
import Testing
@testable import Express

/// The Swift/JS bridge: one declared list of operations, the scripts calling exactly those,
/// and every call checked against its declaration.
@Suite struct BridgeTests {
    /// The names crumbs' own scripts call on `native`.
    static func calledNames() throws -> Set<String> {
        let regex = try NSRegularExpression(pattern: #"\bnative\.([A-Za-z0-9_]+)\s*\("#)
        var names = Set<String>()
        for script in RuntimeScript.allCases {
            let text = script.source
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                names.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        return names
    }

    @Test func theScriptsCallExactlyTheDeclaredOperations() throws {
        #expect(try Self.calledNames().sorted() == NativeOperation.allCases.map(\.rawValue).sorted())
    }

    /// The log keeps events in the order they happened: a console line logged between two of
    /// a middleware's decisions comes between them (a future queue of decisions must keep it so).
    @Test func decisionsAndConsoleLinesKeepTheirOrder() async throws {
        let runtime = ExpressRuntime(source: """
            const express = require("express");
            const session = require("express-session");
            const app = express();
            app.use(session({ secret: "s", resave: false, saveUninitialized: false }));
            app.get("/", (req, res) => { console.log("in the route"); req.session.n = 1; res.send("ok"); });
            app.listen(3000);
            """, now: { Date(timeIntervalSince1970: 1_000_000) })
        try await runtime.load()
        let handled = await runtime.handle(IncomingRequest(method: "GET", target: "/", headers: [HeaderField("Host", "localhost")]))
        // Each event by its first three words (session ids differ from run to run).
        let lines = runtime.events.events(forRequest: handled.id).map { event in
            (event.isConsole ? "console: " + event.text : event.line).split(separator: " ").prefix(3).joined(separator: " ")
        }
        #expect(lines == [
            "express-session: the request",
            "express-session: new session",
            "console: in the",
            "express-session: saved session",
            "express-session: Set-Cookie: connect.sid",
        ])
        await runtime.stop()
    }

    @Test func theDeclarationReadsAsTheCallsDo() {
        #expect(NativeOperation.allCases.map(\.call) == [
            "native.now()", "native.log(level, text, requestID)", "native.why(requestID, module, text)",
            "native.hmac(key, message)", "native.sourceLine(file, line)", "native.nodeMessage(name, message)",
            "native.sha1base64(text)", "native.loadModule(name)", "native.randomBytes(count)", "native.env()", "native.timer(id, milliseconds)",
            "native.clearTimer(id)", "native.respond(requestID, status, reason, headers, lines, body)",
            "native.storeCreate()", "native.storeGet(store, sid, requestID)", "native.storeSet(store, sid, json, expires, requestID)", "native.storeStamp(store, sid)",
            "native.storeDestroy(store, sid, requestID)", "native.storeAll(store)", "native.storeClear(store, requestID)",
            "native.sqliteOpen(path, table, wal)", "native.sqliteGet(store, sid, now)",
            "native.sqliteSet(store, sid, expired, sess, requestID)", "native.sqliteDestroy(store, sid, requestID)",
            "native.sqliteTouch(store, sid, expired, now)", "native.sqliteAll(store)", "native.sqliteLength(store)",
            "native.sqliteClear(store, requestID)", "native.sqliteCleanup(store, now, requestID)",
            "native.pgPool(config)", "native.pgQuery(pool, text, parameters, requestID, call)", "native.pgEnd(pool, call)",
        ])
    }

    /// A well-typed argument for each parameter type.
    static func sample(_ type: NativeOperation.ParameterType, in js: JSContext) -> JSValue {
        switch type {
        case .string, .key: js.string("s")
        case .integer, .requestID: js.number(7)
        case .number: js.number(1.5)
        case .array: js.array([])
        case .value: js.boolean(true)
        }
    }

    @Test func everyOperationDecodesWhatItsDeclarationAccepts() throws {
        let js = JSContext()
        for operation in NativeOperation.allCases {
            let arguments = operation.signature.parameters.map { Self.sample($0.type, in: js) }
            #expect(throws: Never.self, "\(operation.call)") { try operation.decode(arguments) }
        }
    }

    @Test func argumentsArriveAsTheirDeclaredTypes() throws {
        let js = JSContext()
        guard case .storeSet(let store, let sid, let json, let expires, let request) = try NativeOperation.storeSet.decode(
            [js.number(2.9), try js.evaluate("({ toString() { return 'k' } })"), js.string("{}"), js.number(.nan), js.number(7)]) else {
            Issue.record("storeSet decoded as another call"); return
        }
        #expect(store == 2 && sid == "k" && json == "{}" && expires.isNaN && request == 7)
        guard case .timer(let id, let ms) = try NativeOperation.timer.decode([js.number(1), js.number(1e20)]) else {
            Issue.record("timer decoded as another call"); return
        }
        #expect(id == 1 && ms == Int(Int32.max))
        guard case .log(_, _, let requestID) = try NativeOperation.log.decode([js.string("log"), js.string("x"), js.undefined]) else {
            Issue.record("log decoded as another call"); return
        }
        #expect(requestID == 0)
    }

    @Test func aWrongCountOrTypeIsATypeErrorNamingTheOperation() throws {
        let js = JSContext()
        for operation in [NativeOperation.storeGet, .log, .respond] {
            try js.global.set(operation.rawValue, operation.function(in: js) { _, _ in
                Issue.record("\(operation.call) ran with arguments it does not accept")
                return .nothing
            })
        }
        func thrown(_ call: String) throws -> String {
            try js.evaluate("(() => { try { \(call); return 'no error'; } catch (e) { return (e instanceof TypeError) + ' ' + e.message; } })()").stringValue
        }
        #expect(try thrown("storeGet(1)") == "true native.storeGet(store, sid, requestID) takes 3 arguments, got 1")
        #expect(try thrown("storeGet(1, 's', 3, 4)") == "true native.storeGet(store, sid, requestID) takes 3 arguments, got 4")
        #expect(try thrown("storeGet(undefined, 's', undefined)") == "true native.storeGet(store, sid, requestID): store must be a number, got undefined")
        #expect(try thrown("log('log', 5, 0)") == "true native.log(level, text, requestID): text must be a string, got a number")
        #expect(try thrown("log('log', 'x', '1')") == "true native.log(level, text, requestID): requestID must be a number or undefined, got a string")
        #expect(try thrown("respond(1, 200, 'OK', 'X-A: 1', 'X-A\\n1', '')") == "true native.respond(requestID, status, reason, headers, lines, body): headers must be an array, got a string")
    }

    @Test func aSessionIDOfAnyTypeIsAKeyAsInMemoryStore() async throws {
        let app = try await makeApp("""
            const express = require('express');
            const session = require('express-session');
            const store = new session.MemoryStore();
            store.set(7, { n: 1, cookie: {} });
            let found;
            store.get('7', (err, sess) => { found = sess; });
            let missing = 'not called';
            store.get(undefined, (err, sess) => { missing = sess; });
            const app = express();
            app.listen(3000);
            """)
        #expect(try await app.evaluate("[found, missing]") == "[ { n: 1, cookie: {} }, undefined ]")
    }
}
