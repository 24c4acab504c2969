import Foundation
import Lessons

/// `crumbs lint`: each lesson must parse and compile, and each step must teach something:
/// on a fresh browser and server at least one goal fails before the step's commands run, and
/// every goal passes after them.
public enum LessonLinter {
    /// Lints files and folders; returns whether everything passed.
    public static func run(paths: [String], output: @escaping @Sendable (String) -> Void) async -> Bool {
        var files: [String] = []
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                output("\(path): no such file or folder")
                return false
            }
            if isDir.boolValue {
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                    .filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()
                files += names.map { URL(fileURLWithPath: path).appendingPathComponent($0).path }
            } else {
                files.append(path)
            }
        }
        var failures = 0
        var stepsChecked = 0
        for file in files {
            let problems = await lint(file: file)
            stepsChecked += problems.steps
            failures += problems.messages.count
            for message in problems.messages { output(message) }
        }
        output(failures == 0
               ? "lint: \(files.count) lesson\(files.count == 1 ? "" : "s"), \(stepsChecked) step\(stepsChecked == 1 ? "" : "s"): all good"
               : "lint: \(failures) problem\(failures == 1 ? "" : "s") in \(files.count) lesson\(files.count == 1 ? "" : "s")")
        return failures == 0
    }

    /// The problems of one lesson file, and how many steps were played.
    public static func lint(file: String) async -> (messages: [String], steps: Int) {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return (["\(file): cannot read"], 0) }
        let lesson: Lesson
        do {
            lesson = try LessonParser.parse(text, file: file)
        } catch {
            return ([error.description], 0)
        }
        var messages: [String] = []
        for index in lesson.steps.indices {
            let tutor = Tutor(config: TutorConfig(lessonsDirectory: URL(fileURLWithPath: "/nonexistent"), deterministic: true,
                                                  timeout: 0.5, port: 0, saveProgress: false))
            messages += await tutor.lintStep(lesson, index)
            await tutor.shutdown()
        }
        return (messages, lesson.steps.count)
    }
}

extension Tutor {
    /// Plays one step on a fresh browser and server; returns what is wrong with it.
    func lintStep(_ lesson: Lesson, _ index: Int) async -> [String] {
        lessons = [lesson]
        let step = lesson.steps[index]
        let place = "\(lesson.file):\(step.line):1: step \(index + 1) (\(step.title))"
        let entered = await enter(lesson: 0, step: index, announce: false, fresh: true)
        let broken = lesson.steps[...index].last(where: { $0.code != nil })?.code?.broken ?? false
        if broken && app != nil {
            return ["\(place): the code is marked `js broken`, but the server starts"]
        }
        if !broken && lesson.code(at: index) != nil && app == nil {
            return ["\(place): the server does not start:\n" + entered.joined(separator: "\n")]
        }
        guard !step.goals.isEmpty else { return [] }
        var problems: [String] = []
        let before = GoalChecker.check(step.goals, in: await world(), file: lesson.file)
        // Before the commands a goal may throw (nothing to look at yet); a name that does not
        // exist is a mistake in the lesson, though.
        for r in before where r.error?.hasPrefix("ReferenceError") == true {
            problems.append("\(lesson.file):\(r.goal.line):1: goal \"\(r.goal.text)\" cannot run: \(r.error!)")
        }
        if before.allSatisfy(\.passed) {
            problems.append("\(place): every goal is already met before the step's commands run, so it teaches nothing")
        }
        for command in step.tries {
            let result = await execute(command)
            if result.quit { break }
        }
        let after = GoalChecker.check(step.goals, in: await world(), file: lesson.file)
        for r in after where !r.passed {
            let detail = r.error.map { "could not check: \($0)" } ?? "expected \(r.expected ?? "?"), found \(r.found ?? "?")"
            problems.append("\(lesson.file):\(r.goal.line):1: step \(index + 1) goal \"\(r.goal.text)\" fails after its commands: \(detail)")
        }
        return problems
    }
}
