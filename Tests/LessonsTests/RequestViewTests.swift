import Testing
@testable import Lessons

/// The goal views over the step's requests: `requests(...)`, `request(...)` and
/// `firstRequest(...)` match on the method when one is given, and on the whole path (a query
/// only when the goal names one), never on a prefix.
@Suite struct RequestViewTests {
    static func exchange(_ method: String, _ path: String, status: Int) -> World.ExchangeInfo {
        World.ExchangeInfo(method: method, path: path, status: status, headers: [:], body: "",
                           setCookies: [], timedOut: false, cookieSent: nil)
    }

    static let world = World(exchanges: [
        exchange("GET", "/messages", status: 200),
        exchange("GET", "/login", status: 200),
        exchange("POST", "/login", status: 302),
        exchange("GET", "/me?tab=2", status: 401),
        exchange("GET", "/me", status: 200),
    ])

    @Test(arguments: [
        ("expect(requests('/me')).toHaveLength(2)", "✓ g"),
        ("expect(requests('/me?tab=2')).toHaveLength(1)", "✓ g"),
        ("expect(requests('/m')).toHaveLength(0)", "✓ g"),
        ("expect(requests('/login')).toHaveLength(2)", "✓ g"),
        ("expect(requests('POST /login')).toHaveLength(1)", "✓ g"),
        ("expect(request('POST /login').status).toBe(302)", "✓ g"),
        ("expect(request('GET /login').status).toBe(200)", "✓ g"),
        ("expect(request('/me').status).toBe(200)", "✓ g"),
        ("expect(firstRequest('/me').status).toBe(401)", "✓ g"),
        ("expect(request('http://localhost:3000/messages').status).toBe(200)", "✓ g"),
    ])
    func matchesMethodAndWholePath(source: String, expected: String) {
        #expect(summary(source, in: Self.world) == expected)
    }

    /// A request the step has not made yet is "not yet", with the command that would make it.
    @Test func aMissingRequestSaysWhatToType() {
        let world = World(exchanges: [Self.exchange("GET", "/messages", status: 200), Self.exchange("GET", "/login", status: 200)])
        #expect(summary("expect(request('/me').status).toBe(200)", in: world)
                == "✗ g — not yet: no request to /me in this step yet: try `get /me`")
        #expect(summary("expect(request('POST /login').status).toBe(302)", in: world)
                == "✗ g — not yet: no request to POST /login in this step yet: try `post /login`")
    }
}
