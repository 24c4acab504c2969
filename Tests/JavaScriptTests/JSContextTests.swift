import CJavaScriptCore
import Testing
@testable import JavaScript

@Suite struct JSContextTests {
    @Test func evaluatesAnExpression() throws {
        let js = JSContext()
        #expect(try js.evaluate("[1, 2, 3].map(x => x * 2).join('+')").stringValue == "2+4+6")
        #expect(try js.evaluate("6 * 7").numberValue == 42)
    }

    @Test func syntaxErrorsCarryFileLineAndColumn() {
        let js = JSContext()
        let source = "app.get('/', (req, res) => {\n  req.session.destroy(err => { err && throw err; });\n});"
        #expect(throws: JSError.syntax(message: "Unexpected token 'throw'", location: JSLocation(file: "app.js", line: 2, column: 39))) {
            try js.checkSyntax(source, file: "app.js")
        }
    }

    @Test func exceptionsCarryNameAndMessage() {
        let js = JSContext()
        do {
            try js.evaluate("\nnull.x", file: "route.js")
            Issue.record("expected a TypeError")
        } catch {
            #expect(error.description == "route.js:2:5: TypeError: Cannot read properties of null (reading 'x')")
        }
    }

    /// JavaScriptCore reports each exception that reaches the C API to the inspector, by default
    /// with the native stack above it, every frame's name looked up with dladdr (a goal that is
    /// not met yet throws; lint checked thousands). No context of crumbs collects that stack;
    /// what Swift is told of the error is unchanged.
    @Test func exceptionsAreNotReportedWithTheNativeStack() throws {
        for js in [JSContext(), JSContext(timeLimit: 1)] {
            #expect(JSGlobalContextGetIncludesNativeCallStackWhenReportingExceptions(js.ref) == false)
            #expect(throws: JSError.self) { try js.evaluate("undefinedName") }
            #expect(try js.evaluate("1 + 1").numberValue == 2)
        }
        #expect(JSContext().undefined.isFunction == false)
        #expect(try JSContext().evaluate("(() => 1)").isFunction)
    }

    /// Strings cross as they are: ASCII, Latin-1 and other BMP text, astral characters, NUL; a
    /// lone surrogate (not valid Unicode) becomes U+FFFD, as Swift's own decoding repairs it.
    @Test func stringsConvertExactly() throws {
        let js = JSContext()
        #expect(try js.evaluate("'views: 42'").stringValue == "views: 42")
        #expect(try js.evaluate("'caf\\u00e9 \\u00bd'").stringValue == "café ½")
        #expect(try js.evaluate("'session abc\\u2026 \\u2192 ok'").stringValue == "session abc… → ok")
        #expect(try js.evaluate("'cookie \\ud83c\\udf6a'").stringValue == "cookie 🍪")
        #expect(try js.evaluate("'a\\u0000b'").stringValue == "a\u{0}b")
        #expect(try js.evaluate("'x\\ud800y'").stringValue == "x\u{FFFD}y")
        #expect(try js.evaluate("'\\udc00'").stringValue == "\u{FFFD}")
        #expect(try js.evaluate("'\\u00e9\\ud800'").stringValue == "é\u{FFFD}")
        #expect(try js.evaluate("''").stringValue == "")
        #expect(try js.evaluate("'\\u00e9'.repeat(3000)").stringValue == String(repeating: "é", count: 3000))
        // Past eight ASCII bytes, which are counted eight at a time.
        #expect(try js.evaluate("'abcdefgh\\u00e9\\ud800'").stringValue == "abcdefghé\u{FFFD}")
        #expect(try js.evaluate("'abcdefghijklmnop\\ud800'").stringValue == "abcdefghijklmnop\u{FFFD}")
        #expect(try js.evaluate("'abcdefg\\u00e9abcdefgh'").stringValue == "abcdefgéabcdefgh")
        #expect(try js.evaluate("'a'.repeat(64) + '\\ud83c\\udf6a' + 'b'.repeat(9)").stringValue
                == String(repeating: "a", count: 64) + "🍪" + String(repeating: "b", count: 9))
    }

    /// Short strings are written on the stack and long ones into the String's storage: both give
    /// the same text, at either side of the limit and of Swift's 15-byte small strings, surrogates
    /// repaired the same way.
    @Test(arguments: [1, 14, 15, 16, 1365, 1366, 1367, 5000])
    func stringsConvertAlikeOnEitherSideOfTheStackLimit(_ length: Int) throws {
        let js = JSContext()
        #expect(try js.evaluate("'a'.repeat(\(length))").stringValue == String(repeating: "a", count: length))
        #expect(try js.evaluate("'\\u00e9'.repeat(\(length))").stringValue == String(repeating: "é", count: length))
        #expect(try js.evaluate("'\\u2192'.repeat(\(length))").stringValue == String(repeating: "→", count: length))
        #expect(try js.evaluate("'b'.repeat(\(length - 1)) + '\\ud800'").stringValue
                == String(repeating: "b", count: length - 1) + "\u{FFFD}")
        #expect(try js.evaluate("'c'.repeat(\(length)) + '\\ud83c\\udf6a'").stringValue == String(repeating: "c", count: length) + "🍪")
    }

    /// The UTF-16 length of UTF-8 text, whatever its mix and wherever the eight-byte steps fall.
    @Test(arguments: ["", "abc", "abcdefgh", "abcdefghi", "é", "abcdefgé", "abcdefghé", "a🍪bcdefghijklmno→p",
                      String(repeating: "x", count: 31) + "½" + String(repeating: "y", count: 17)])
    func utf16CountMatchesSwifts(_ text: String) {
        let count = Array(text.utf8).withUnsafeBufferPointer { JSStringRef.utf16Count($0) }
        #expect(count == text.utf16.count)
    }

    @Test func swiftFunctionsAreCallableAndCanThrow() throws {
        let js = JSContext()
        try js.global.set("twice", js.function("twice") { args, _ in js.string(String(repeating: args[0].stringValue, count: 2)) })
        #expect(try js.evaluate("twice('ab')").stringValue == "abab")
        try js.global.set("fail", js.function("fail") { _, _ in throw JSThrow(js.makeError("no such module 'fs'")) })
        #expect(try js.evaluate("try { fail() } catch (e) { e.message }").stringValue == "no such module 'fs'")
    }

    @Test func valuesConvert() throws {
        let js = JSContext()
        let o = try js.evaluate("({ b: 1, a: [true, null], s: 'é' })")
        #expect(try o.keys() == ["b", "a", "s"])
        #expect(o.jsonString() == #"{"b":1,"a":[true,null],"s":"é"}"#)
        #expect(try o.get("a").elements().map(\.description) == ["true", "null"])
        #expect(js.parseJSON("{\"x\":2}").map { try! $0.get("x").numberValue } == 2)
        #expect(js.parseJSON("{nope") == nil)
    }

    @Test func endlessLoopsAreStopped() throws {
        let js = JSContext(timeLimit: 0.2)
        #expect(throws: JSError.timeLimitExceeded(seconds: 0.2)) { try js.evaluate("while (true) {}") }
        // The context is still usable afterwards.
        #expect(try js.evaluate("1 + 1").numberValue == 2)
    }

    @Test func aFullCollectionFreesUnreachableObjects() throws {
        let js = JSContext()
        _ = try js.evaluate("globalThis.junk = Array.from({ length: 20000 }, (_, i) => ({ i }))")
        let held = try #require(js.memoryStatistics(collect: true)["objectCount"])
        // (Emptied as well as dropped: the collector scans the stack conservatively, and a stale
        // pointer to the array there would keep it, though not what it held.)
        _ = try js.evaluate("junk.length = 0; junk = null")
        let freed = try #require(js.memoryStatistics(collect: true)["objectCount"])
        #expect(held - freed >= 20000)
        #expect(js.memoryStatistics()["heapSize"].map { $0 > 0 } == true)
    }
}
