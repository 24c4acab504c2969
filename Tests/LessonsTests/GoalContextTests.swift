import Testing
@testable import Lessons

/// A goal context is kept between checks and compiles each goal once; each check still puts the
/// world and the helpers in place anew.
@Suite struct GoalContextTests {
    static func world(cookie value: String) -> World {
        World(jar: [.init(name: "a", value: value, domain: "localhost", path: "/", expires: nil, session: true,
                          httpOnly: false, secure: false, sameSite: nil, hostOnly: true)])
    }

    static let honest = Goal(text: "h", source: "expect(jar.get('a').value).toBe('2')", line: 5)

    /// What a goal does to the helpers (`jar`, `expect`) is gone by the next check.
    @Test func aGoalCannotChangeWhatTheNextCheckSees() {
        let checker = GoalChecker.Checker()
        let vandal = Goal(text: "v", source: "jar.get = () => ({ value: '2' }); expect = () => ({ toBe() {} }); globalThis.passed = true", line: 1)
        let first = GoalChecker.check([vandal], in: Self.world(cookie: "1"), using: checker)
        #expect(first.map(\.summary) == ["✓ v"])
        let next = GoalChecker.check([Self.honest, Goal(text: "p", source: "expect(globalThis.passed).toBe(undefined)", line: 9)],
                                     in: Self.world(cookie: "1"), using: checker)
        #expect(next.map(\.summary) == ["✗ h — expected \"2\", found \"1\"", "✗ p — expected undefined, found true"])
    }

    /// The goal compiled once runs against each check's own world.
    @Test func aCompiledGoalSeesEachChecksWorld() {
        let checker = GoalChecker.Checker()
        #expect(GoalChecker.check([Self.honest], in: Self.world(cookie: "1"), using: checker).map(\.summary) == ["✗ h — expected \"2\", found \"1\""])
        #expect(GoalChecker.check([Self.honest], in: Self.world(cookie: "2"), using: checker).map(\.summary) == ["✓ h"])
        #expect(GoalChecker.check([Self.honest], in: World(), using: checker).map(\.summary) == ["✗ h — not yet: the browser holds no a cookie"])
    }

    /// A goal that does not compile is reported at every check, never remembered as passing.
    @Test func aGoalThatDoesNotCompileFailsEachTime() {
        let checker = GoalChecker.Checker()
        let broken = Goal(text: "b", source: "expect(1).toBe(", line: 3)
        for _ in 0..<2 {
            let result = GoalChecker.check([broken], in: World(), using: checker)
            #expect(result.count == 1 && result[0].passed == false)
            #expect(result.first?.error?.hasPrefix("SyntaxError") == true)
        }
    }
}
