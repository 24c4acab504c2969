import Testing
@testable import Lessons

/// Runs one goal's source against a world and returns its summary line.
func summary(_ source: String, in world: World = World()) -> String {
    GoalChecker.check([Goal(text: "g", source: source, line: 1)], in: world).map(\.summary).joined()
}

/// The matchers of lesson goals, held to Jest's documented semantics (jestjs.io, "Expect"):
/// `.toBe` compares with `Object.is`, `.toEqual` recursively, and `.not` inverts any matcher.
@Suite struct MatcherTests {
    /// Jest: "`.toBe` just checks that a value is what you expect. It uses `Object.is` to check
    /// exact equality", which, unlike `===`, tells 0 from -0 and finds NaN equal to NaN.
    @Test(arguments: [
        ("expect(1).toBe(1)", "✓ g"),
        ("expect('hi').toBe('hi')", "✓ g"),
        ("expect(NaN).toBe(NaN)", "✓ g"),
        ("expect(null).toBe(null)", "✓ g"),
        ("expect('1').toBe(1)", "✗ g — expected 1, found \"1\""),
        ("expect(1).toBe('1')", "✗ g — expected \"1\", found 1"),
        ("expect(0).toBe(-0)", "✗ g — expected -0, found 0"),
        ("expect(-0).toBe(0)", "✗ g — expected 0, found -0"),
        ("expect(1).toBe(NaN)", "✗ g — expected NaN, found 1"),
        ("expect(undefined).toBe(null)", "✗ g — expected null, found undefined"),
        ("expect(true).toBe(1)", "✗ g — expected 1, found true"),
        ("expect({a: 1}).toBe({a: 1})", "✗ g — expected {\"a\":1}, found {\"a\":1}"),
        ("expect([1]).toBe([1])", "✗ g — expected [1], found [1]"),
        ("const o = {}; expect(o).toBe(o)", "✓ g"),
    ])
    func toBeIsObjectIs(source: String, expected: String) {
        #expect(summary(source) == expected)
    }

    @Test(arguments: [
        ("expect('1').not.toBe(1)", "✓ g"),
        ("expect(0).not.toBe(-0)", "✓ g"),
        ("expect(NaN).not.toBe(NaN)", "✗ g — expected not NaN, found NaN"),
        ("expect(2).not.toBe(2)", "✗ g — expected not 2, found 2"),
    ])
    func notInvertsToBe(source: String, expected: String) {
        #expect(summary(source) == expected)
    }

    /// Jest: `.toEqual` "recursively checks the equality of all fields, rather than checking for
    /// object identity".
    @Test(arguments: [
        ("expect({a: 1, b: [1, 2]}).toEqual({b: [1, 2], a: 1})", "✓ g"),
        ("expect([1, [2, 3]]).toEqual([1, [2, 3]])", "✓ g"),
        ("expect(NaN).toEqual(NaN)", "✓ g"),
        ("expect({a: 1}).toEqual({a: 1, b: 2})", "✗ g — expected {\"a\":1,\"b\":2}, found {\"a\":1}"),
        ("expect({a: 1, b: 2}).toEqual({a: 1})", "✗ g — expected {\"a\":1}, found {\"a\":1,\"b\":2}"),
        ("expect({a: '1'}).toEqual({a: 1})", "✗ g — expected {\"a\":1}, found {\"a\":\"1\"}"),
        ("expect([1, 2]).toEqual([1, 2, 3])", "✗ g — expected [1,2,3], found [1,2]"),
        ("expect([1, 2]).toEqual([2, 1])", "✗ g — expected [2,1], found [1,2]"),
        ("expect({0: 1}).toEqual([1])", "✗ g — expected [1], found {\"0\":1}"),
        ("expect(null).toEqual({})", "✗ g — expected {}, found null"),
    ])
    func toEqualIsRecursive(source: String, expected: String) {
        #expect(summary(source) == expected)
    }

    /// Each matcher's boundary: the number itself, the empty string, a missing property.
    @Test(arguments: [
        ("expect(2).toBeGreaterThan(1)", "✓ g"),
        ("expect(2).toBeGreaterThan(2)", "✗ g — expected more than 2, found 2"),
        ("expect(2).toBeGreaterThanOrEqual(2)", "✓ g"),
        ("expect(1).toBeGreaterThanOrEqual(2)", "✗ g — expected at least 2, found 1"),
        ("expect(1).toBeLessThan(2)", "✓ g"),
        ("expect(2).toBeLessThan(2)", "✗ g — expected less than 2, found 2"),
        ("expect([1, 2]).toHaveLength(2)", "✓ g"),
        ("expect('abc').toHaveLength(2)", "✗ g — expected length 2, found \"abc\""),
        ("expect(undefined).toHaveLength(0)", "✗ g — expected length 0, found undefined"),
        ("expect('a=1; b=2').toContain('b=2')", "✓ g"),
        ("expect('a=1').toContain('b')", "✗ g — expected something containing \"b\", found \"a=1\""),
        ("expect([{a: 1}]).toContain({a: 1})", "✓ g"),
        ("expect(null).toContain('a')", "✗ g — expected something containing \"a\", found null"),
        ("expect('Path=/admin').toMatch(/path=\\//i)", "✓ g"),
        ("expect('Path=/admin').toMatch('=/ad')", "✓ g"),
        ("expect('Path=/admin').toMatch(/^admin/)", "✗ g — expected a string matching /^admin/, found \"Path=/admin\""),
        ("expect(1).toMatch(/1/)", "✗ g — expected a string matching /1/, found 1"),
        ("expect({a: 1}).toHaveProperty('a')", "✓ g"),
        ("expect({a: 1}).toHaveProperty('a', 1)", "✓ g"),
        ("expect({a: 1}).toHaveProperty('a', 2)", "✗ g — expected a property a = 2, found {\"a\":1}"),
        ("expect({a: 1}).toHaveProperty('toString')", "✗ g — expected a property toString, found {\"a\":1}"),
        ("expect(0).toBeDefined()", "✓ g"),
        ("expect(undefined).toBeDefined()", "✗ g — expected a value, found undefined"),
        ("expect(undefined).toBeUndefined()", "✓ g"),
        ("expect(null).toBeUndefined()", "✗ g — expected undefined, found null"),
        ("expect(null).toBeNull()", "✓ g"),
        ("expect(undefined).toBeNull()", "✗ g — expected null, found undefined"),
        ("expect('x').toBeTruthy()", "✓ g"),
        ("expect('').toBeTruthy()", "✗ g — expected something truthy, found \"\""),
        ("expect(0).toBeFalsy()", "✓ g"),
        ("expect([]).toBeFalsy()", "✗ g — expected something falsy, found []"),
        ("expect(undefined).not.toBeDefined()", "✓ g"),
        ("expect(3).not.toBeGreaterThan(2)", "✗ g — expected not more than 2, found 3"),
    ])
    func matcherBoundaries(source: String, expected: String) {
        #expect(summary(source) == expected)
    }

    /// A goal that throws something other than a failed expectation reports the error.
    @Test func aGoalThatThrowsReportsTheError() {
        #expect(summary("expect(1).toBeBig()") == "✗ g — TypeError: expect(1).toBeBig is not a function")
        #expect(summary("throw new Error('boom')") == "✗ g — Error: boom")
    }

    /// The helpers goals read the world through.
    @Test func jarStoreAndLastHelpers() {
        let cookie = World.CookieInfo(name: "sid", value: "1", domain: "localhost", path: "/", expires: nil, session: true,
                                      httpOnly: true, secure: false, sameSite: "Lax", hostOnly: true)
        let exchange = World.ExchangeInfo(method: "POST", path: "/login", status: 302, headers: ["location": "/"], body: "",
                                          setCookies: ["sid=1; Path=/; HttpOnly"], timedOut: false, cookieSent: nil)
        let world = World(jar: [cookie], store: [.init(id: "a", json: #"{"user":"bob"}"#), .init(id: "b", json: "{}")],
                          last: exchange, exchanges: [exchange], log: ["one", "two"], documentCookie: "", profile: "alice")
        let goals = [
            "expect(jar.get('sid').httpOnly).toBe(true)",
            "expect(jar.get('sid').sameSite).toBe('Lax')",
            "expect(jar.get('other')).toBeUndefined()",
            "expect(jar.names()).toEqual(['sid'])",
            "expect(jar.size).toBe(1)",
            "expect(store.size).toBe(2)",
            "expect(store.ids()).toEqual(['a', 'b'])",
            "expect(store.all()[0].data.user).toBe('bob')",
            "expect(last.status).toBe(302)",
            "expect(last.headers.location).toBe('/')",
            "expect(last.cookieSent).toBeUndefined()",
            "expect(exchanges).toHaveLength(1)",
            "expect(log.text).toBe('one\\ntwo')",
            "expect(profile).toBe('alice')",
        ]
        let results = GoalChecker.check(goals.enumerated().map { Goal(text: "\($0.offset)", source: $0.element, line: 1) }, in: world)
        #expect(results.filter { !$0.passed }.map(\.summary) == [])
        #expect(summary("store.only()", in: world) == "✗ g — expected exactly one session in the store, found 2 sessions")
        #expect(summary("expect(last).toBeNull()") == "✓ g")
    }
}
