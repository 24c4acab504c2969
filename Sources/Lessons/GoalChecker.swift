import Foundation
import Synchronization
import JavaScript

/// What came of one goal.
public struct GoalResult: Sendable, Hashable {
    public var goal: Goal
    public var passed: Bool
    /// For a failed expectation: what it wanted and what it found.
    public var expected: String?
    public var found: String?
    /// For a goal that looks at something the step has not produced yet (a request not made,
    /// a cookie not set): what is missing, in the learner's terms.
    public var notYet: String?
    /// For a goal that could not run at all: a mistake in the lesson (a ReferenceError, a
    /// SyntaxError). Lint reports these; learners should never meet one.
    public var error: String?

    /// "✓ text" or "✗ text — expected …, found …".
    public var summary: String {
        if passed { return "✓ \(goal.text)" }
        if let notYet { return "✗ \(goal.text) — not yet: \(notYet)" }
        if let error { return "✗ \(goal.text) — \(error)" }
        return "✗ \(goal.text) — expected \(expected ?? "?"), found \(found ?? "?")"
    }
}

/// Runs goals (Jest-style `expect(...)` statements) against a `World`.
public enum GoalChecker {
    public static func check(_ goals: [Goal], in world: World, file: String = "goal") -> [GoalResult] {
        let checker = checkers.take()
        defer { checkers.give(checker) }
        return check(goals, in: world, file: file, using: checker)
    }

    static func check(_ goals: [Goal], in world: World, file: String = "goal", using checker: Checker) -> [GoalResult] {
        let data = (try? JSONEncoder().encode(world)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        do {
            try checker.install(world: data)
        } catch {
            return goals.map { GoalResult(goal: $0, passed: false, error: "\(error)") }
        }
        return goals.map { (goal: Goal) -> GoalResult in
            do throws(JSError) {
                try checker.function(for: goal, file: file).call()
                return GoalResult(goal: goal, passed: true)
            } catch {
                if case .exception(_, let message, _, _) = error {
                    if message.hasPrefix("\u{1}") {
                        let parts = message.dropFirst().components(separatedBy: "\u{1}")
                        return GoalResult(goal: goal, passed: false, expected: parts.first, found: parts.count > 1 ? parts[1] : nil)
                    }
                    if message.hasPrefix("\u{2}") {
                        return GoalResult(goal: goal, passed: false, notYet: String(message.dropFirst()))
                    }
                    if message.hasPrefix("\u{3}") {
                        return GoalResult(goal: goal, passed: false, notYet: notYet(typeError: String(message.dropFirst()), world: world))
                    }
                }
                return GoalResult(goal: goal, passed: false, error: error.message)
            }
        }
    }

    /// Checkers kept between checks (each context is a virtual machine of its own, a
    /// millisecond or two to make and to end, and every command of a step checks its goals).
    static let checkers = CheckerPool()

    /// A goal context with what it compiled: the helpers' installer (`expect.js`) and each goal
    /// it has run, as functions. A check puts the world and the helpers in place anew, and goals
    /// run in strict mode, so a goal cannot leave a global behind for the next one.
    final class Checker {
        let js = JSContext(timeLimit: 1)
        private var installer: JSValue?
        private var compiled: [GoalKey: JSValue] = [:]
        /// A bound: a lesson author's edits do not pile up functions without end.
        static let capacity = 512

        struct GoalKey: Hashable {
            var source: String
            var file: String
            var line: Int
        }

        /// Puts the helpers in place for `world` (JSON), fresh for this check.
        func install(world: String) throws(JSError) {
            if installer == nil { installer = try js.evaluate(prelude, file: "crumbs/expect.js") }
            try installer!.call([js.global, js.string(world)])
        }

        /// The goal as a function that runs it, compiled on first use. A TypeError is caught
        /// inside, so its message keeps the expression that failed (JavaScriptCore's
        /// "(evaluating 'jar.get("sid").value')"), which says what is missing.
        func function(for goal: Goal, file: String) throws(JSError) -> JSValue {
            let key = GoalKey(source: goal.source, file: file, line: goal.line)
            if let known = compiled[key] { return known }
            let function = try js.evaluate("(function () { 'use strict'; try {\n\(goal.source)\n} catch (e) { if (e instanceof TypeError && / is not an object \\(evaluating '/.test(e.message)) __notThere(e); throw e; } })",
                                           file: file, line: goal.line)
            if compiled.count >= Self.capacity { compiled.removeAll() }
            compiled[key] = function
            return function
        }
    }

    final class CheckerPool: Sendable {
        private let idle = Mutex<[Unchecked]>([])

        /// A checker is used by one check at a time, on whichever thread runs it.
        struct Unchecked: @unchecked Sendable { let checker: Checker }

        func take() -> Checker {
            idle.withLock { $0.popLast()?.checker } ?? Checker()
        }

        func give(_ checker: Checker) {
            idle.withLock { $0.append(Unchecked(checker: checker)) }
        }
    }

    /// A TypeError in a goal means it reached for something that is not there yet
    /// (`jar.get("x").value` with no `x` cookie, `last.body` before any request); say what.
    static func notYet(typeError message: String, world: World) -> String {
        // JavaScriptCore: "undefined is not an object (evaluating 'jar.get("sid").value')"
        guard let open = message.range(of: "(evaluating '"), message.hasSuffix("')") else {
            return world.exchanges.isEmpty ? "no request in this step yet" : "something this goal looks at is not there yet"
        }
        let expression = String(message[open.upperBound..<message.index(message.endIndex, offsetBy: -2)])
        if let name = firstMatch(#"jar\.get\((["'`])(.*?)\1\)"#, in: expression, group: 2) {
            return "the browser holds no \(name) cookie"
        }
        if expression.hasPrefix("last.") || expression.hasPrefix("last[") || world.exchanges.isEmpty {
            return "no request in this step yet"
        }
        return "\(expression.split(separator: ".").dropLast().joined(separator: ".")) is not there"
    }

    static func firstMatch(_ pattern: String, in text: String, group: Int) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
              let range = Range(match.range(at: group), in: text) else { return nil }
        return String(text[range])
    }

    /// The matchers goals may use (Jest's names and meanings).
    public static let matchers = [
        "toBe", "toEqual", "toBeDefined", "toBeUndefined", "toBeNull", "toBeTruthy", "toBeFalsy", "toContain",
        "toMatch", "toHaveLength", "toBeGreaterThan", "toBeGreaterThanOrEqual", "toBeLessThan",
        "toBeLessThanOrEqual", "toHaveProperty",
    ]

    /// A problem lint finds by reading a goal: its line and column within the goal's source.
    public struct StaticProblem: Sendable, Hashable {
        public var line: Int
        public var column: Int
        public var message: String
    }

    /// Mistakes visible without running a goal: an unknown matcher, and a request picked by its
    /// position (`exchanges[2]`), which breaks as soon as a learner sends one request more.
    public static func staticProblems(in goal: Goal) -> [StaticProblem] {
        var problems: [StaticProblem] = []
        let known = Set(matchers)
        for (index, line) in goal.source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = String(line)
            // Most lines have neither: the patterns run only where their words are.
            for (range, name) in text.contains(".to") ? matches(matcherCall, in: text) : [] where !known.contains(name) {
                problems.append(StaticProblem(line: index + 1, column: range + 2,
                                              message: "unknown matcher \"\(name)\" (known: \(matchers.joined(separator: ", ")))"))
            }
            for (range, expression) in text.contains("exchanges") ? matches(exchangeByPosition, in: text) : [] {
                problems.append(StaticProblem(line: index + 1, column: range + 1,
                                              message: "`\(expression)` depends on the order of requests, which breaks when a learner repeats a command; use request(\"GET /path\"), firstRequest(…) or lastSet(\"cookie\")"))
            }
        }
        return problems
    }

    /// `.toSomething(`: a matcher's call.
    static let matcherCall = try! NSRegularExpression(pattern: #"\.(to[A-Z][A-Za-z]*)\s*\("#)
    /// `exchanges[2]`: a request picked by its position.
    static let exchangeByPosition = try! NSRegularExpression(pattern: #"(exchanges\s*\[\s*[0-9]+\s*\])"#)

    /// Each match of group 1 with the 0-based column of the whole match.
    static func matches(_ regex: NSRegularExpression, in text: String) -> [(Int, String)] {
        regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            guard let whole = Range(match.range, in: text), let group = Range(match.range(at: 1), in: text) else { return nil }
            return (text.distance(from: text.startIndex, to: whole.lowerBound), String(text[group]))
        }
    }

    /// `expect`, its matchers and the world's helpers (`jar`, `last`, `request(…)`), from
    /// `JavaScript/expect.js`, embedded at build time.
    static var prelude: String {
        guard let text = Embedded.files["expect.js"] else { fatalError("crumbs was built without its JavaScript/expect.js") }
        return text
    }
}
