import Markdown

/// A lesson: a markdown file in `lessons/`, its steps in order.
public struct Lesson: Sendable, Hashable {
    /// A short name to open it by: front matter `id`, else the file name without its number
    /// and `.md` (`03-creating-a-session.md` → `creating-a-session`).
    public var id: String
    public var title: String
    public var summary: String?
    /// The file it came from, as given.
    public var file: String
    /// The prose before the first step.
    public var intro: [MarkdownNode]
    public var steps: [Step]

    /// The server code for a step: its own `js` block added to those of the steps before it,
    /// from the last block that replaces everything. An earlier exercise counts as solved (its
    /// solution stands in for it); for an exercise step itself this is the starting code.
    public func code(at stepIndex: Int) -> String? {
        code(at: stepIndex, solved: false)
    }

    /// The code of an exercise step once solved: its solution in place of its starting code.
    public func solvedCode(at stepIndex: Int) -> String? {
        code(at: stepIndex, solved: true)
    }

    func code(at stepIndex: Int, solved: Bool) -> String? {
        var pieces: [String] = []
        for (index, step) in steps.prefix(stepIndex + 1).enumerated() {
            let useSolution = index < stepIndex || solved
            guard let code = (useSolution ? step.solution : nil) ?? step.code else { continue }
            if code.replaces { pieces.removeAll() }
            pieces.append(code.source)
        }
        return pieces.isEmpty ? nil : pieces.joined(separator: "\n")
    }
}

/// One step of a lesson: an H2 and what follows it.
public struct Step: Sendable, Hashable {
    public var title: String
    /// Where the step's heading is in the file.
    public var line: Int
    public var prose: [MarkdownNode]
    public var code: Code?
    /// For an exercise (```` ```js exercise ````): the fixed code (```` ```js solution ````).
    public var solution: Code?
    /// Commands the learner is invited to try (```crumbs blocks).
    public var tries: [String]
    /// What the step asks for (```expect blocks).
    public var goals: [Goal]
    /// Hints, revealed one at a time.
    public var hints: [String]
    /// ```` ```crumbs fresh ````: the step starts on a fresh browser and server instead of the
    /// state the earlier steps' commands leave.
    public var fresh = false

    /// A step whose code the learner fixes.
    public var isExercise: Bool { code?.exercise == true }

    /// The hints the learner gets: the lesson's own, then one that says the exact commands.
    public var allHints: [String] {
        guard !tries.isEmpty else {
            return hints.isEmpty ? ["This step has nothing to type: read it, then `next` moves on."] : hints
        }
        let commands = tries.map { "`\($0)`" }
        let list = commands.count == 1 ? commands[0]
            : commands.dropLast().joined(separator: ", ") + " and then " + commands.last!
        return hints + ["Type exactly \(list)" + (tries.count == 1 ? "." : ", in that order.")]
    }
}

/// A step's server code (a ```js block).
public struct Code: Sendable, Hashable {
    /// The JavaScript, with `// ...` marker lines (meaning "the code so far") removed.
    public var source: String
    /// `js replace`: this block is the whole app, not an addition.
    public var replaces: Bool
    /// The file line of the block's first code line.
    public var line: Int
    /// `js broken`: the code is meant not to run (a lesson shows an error), so lint expects
    /// the server not to start.
    public var broken = false
    /// `js exercise`: starting code the learner fixes in their own editor.
    public var exercise = false
}

/// One goal: the sentence the learner reads, and the `expect(...)` statements that check it.
public struct Goal: Sendable, Hashable {
    public var text: String
    public var source: String
    public var line: Int
}
