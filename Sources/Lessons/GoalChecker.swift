import Foundation
import JavaScript

/// What came of one goal.
public struct GoalResult: Sendable, Hashable {
    public var goal: Goal
    public var passed: Bool
    /// For a failed expectation: what it wanted and what it found.
    public var expected: String?
    public var found: String?
    /// For a goal that could not run (a typo in the lesson, a TypeError).
    public var error: String?

    /// "✓ text" or "✗ text — expected …, found …".
    public var summary: String {
        if passed { return "✓ \(goal.text)" }
        if let error { return "✗ \(goal.text) — \(error)" }
        return "✗ \(goal.text) — expected \(expected ?? "?"), found \(found ?? "?")"
    }
}

/// Runs goals (Jest-style `expect(...)` statements) against a `World`.
public enum GoalChecker {
    public static func check(_ goals: [Goal], in world: World, file: String = "goal") -> [GoalResult] {
        let js = JSContext(timeLimit: 1)
        let data = (try? JSONEncoder().encode(world)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        do {
            try js.global.set("__world", js.string(data))
            try js.evaluate(prelude, file: "crumbs:expect")
        } catch {
            return goals.map { GoalResult(goal: $0, passed: false, error: "\(error)") }
        }
        return goals.map { (goal: Goal) -> GoalResult in
            do throws(JSError) {
                try js.evaluate("(function () {\n\(goal.source)\n})()", file: file, line: goal.line)
                return GoalResult(goal: goal, passed: true)
            } catch {
                if case .exception(_, let message, _, _) = error, message.hasPrefix("\u{1}") {
                    let parts = message.dropFirst().components(separatedBy: "\u{1}")
                    return GoalResult(goal: goal, passed: false, expected: parts.first, found: parts.count > 1 ? parts[1] : nil)
                }
                return GoalResult(goal: goal, passed: false, error: error.message)
            }
        }
    }

    static let prelude = #"""
(function (g) {
  const world = JSON.parse(g.__world);
  delete g.__world;
  const fmt = (v) => {
    if (v === undefined) return 'undefined';
    if (typeof v === 'string') return JSON.stringify(v);
    if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
    if (v instanceof RegExp) return String(v);
    try { return JSON.stringify(v); } catch (e) { return String(v); }
  };
  const deepEqual = (a, b) => {
    if (Object.is(a, b)) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    if (Array.isArray(a)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
    const ka = Object.keys(a), kb = Object.keys(b);
    return ka.length === kb.length && ka.every(k => deepEqual(a[k], b[k]));
  };
  class GoalFailure extends Error {}
  g.expect = function (actual) {
    const make = (negate) => {
      const check = (ok, wanted) => {
        if (Boolean(ok) === negate) throw new GoalFailure('\u0001' + (negate ? 'not ' : '') + wanted + '\u0001' + fmt(actual));
      };
      return {
        toBe: (e) => check(Object.is(actual, e), fmt(e)),
        toEqual: (e) => check(deepEqual(actual, e), fmt(e)),
        toBeDefined: () => check(actual !== undefined, 'a value'),
        toBeUndefined: () => check(actual === undefined, 'undefined'),
        toBeNull: () => check(actual === null, 'null'),
        toBeTruthy: () => check(actual, 'something truthy'),
        toBeFalsy: () => check(!actual, 'something falsy'),
        toContain: (e) => check(actual != null && (typeof actual === 'string' ? actual.includes(e) : Array.from(actual).some(x => deepEqual(x, e))), 'something containing ' + fmt(e)),
        toMatch: (re) => check(typeof actual === 'string' && (re instanceof RegExp ? re.test(actual) : actual.includes(re)), 'a string matching ' + fmt(re)),
        toHaveLength: (n) => check(actual != null && actual.length === n, 'length ' + n),
        toBeGreaterThan: (n) => check(actual > n, 'more than ' + n),
        toBeGreaterThanOrEqual: (n) => check(actual >= n, 'at least ' + n),
        toBeLessThan: (n) => check(actual < n, 'less than ' + n),
        toHaveProperty: (k, v) => check(actual != null && Object.prototype.hasOwnProperty.call(actual, k) && (v === undefined || deepEqual(actual[k], v)), 'a property ' + k + (v === undefined ? '' : ' = ' + fmt(v))),
      };
    };
    const m = make(false);
    m.not = make(true);
    return m;
  };
  g.jar = {
    get: (name) => world.jar.find(c => c.name === name),
    names: () => world.jar.map(c => c.name),
    all: () => world.jar.slice(),
    get size() { return world.jar.length; },
  };
  const sessions = world.store.map(s => ({ id: s.id, data: JSON.parse(s.json) }));
  g.store = {
    get size() { return sessions.length; },
    only() {
      if (sessions.length !== 1) throw new GoalFailure('\u0001exactly one session in the store\u0001' + sessions.length + ' sessions');
      return sessions[0].data;
    },
    all: () => sessions.slice(),
    ids: () => sessions.map(s => s.id),
  };
  g.last = world.last === undefined ? null : world.last;
  g.exchanges = world.exchanges;
  g.log = world.log;
  g.log.text = world.log.join('\n');
  g.documentCookie = world.documentCookie;
  g.profile = world.profile;
})(this);
"""#
}
