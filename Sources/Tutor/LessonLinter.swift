import Foundation
import Lessons

/// `crumbs lint`: each lesson must parse and compile, and every step must complete on every
/// path a learner walks through it, in one browser from the lesson's start:
/// - **the lesson's path**: each step's Try commands once; here at least one of a step's goals
///   must fail before its commands (a goal that is already true teaches nothing);
/// - **commands twice**: each step's commands typed twice;
/// - **back and next**: `back` and `next` before each step's commands;
/// - **looking around**: `jar`, `store`, `why`, `routes`, `log` and `hint` between the commands.
/// Every problem of a file is reported in one run.
public enum LessonLinter {
    /// A way through a lesson.
    struct Path: Sendable {
        var name: String
        /// Commands typed on arriving at a step (not the first), before its Try commands.
        var arriving: [String] = []
        /// How often the Try commands are typed.
        var repeats = 1
        /// Commands typed after each Try command.
        var between: [String] = []
    }

    static let paths = [
        Path(name: "the lesson's path"),
        Path(name: "commands twice", repeats: 2),
        Path(name: "back and next", arriving: ["back", "next"]),
        Path(name: "looking around", between: ["jar", "store", "why", "routes", "log", "hint"]),
    ]

    /// Lints files and folders (none: the lessons built into crumbs); returns whether
    /// everything passed.
    public static func run(paths: [String], output: @escaping @Sendable (String) -> Void) async -> Bool {
        var files: [(file: String, text: String?)] = []
        if paths.isEmpty { files = Tutor.lessonFiles(in: nil).map { ("lessons/" + $0.name, $0.text) } }
        for path in paths {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                output("\(path): no such file or folder")
                return false
            }
            if isDir.boolValue {
                let folder = URL(fileURLWithPath: path)
                files += Tutor.lessonFiles(in: folder).map { (folder.appendingPathComponent($0.name).path, $0.text) }
            } else {
                files.append((path, nil))
            }
        }
        var failures = 0
        var stepsChecked = 0
        let results = await lint(files)
        for problems in results {
            stepsChecked += problems.steps
            failures += problems.messages.count
            for message in problems.messages { output(message) }
        }
        output(failures == 0
               ? "lint: \(files.count) lesson\(files.count == 1 ? "" : "s"), \(stepsChecked) step\(stepsChecked == 1 ? "" : "s"): all good"
               : "lint: \(failures) problem\(failures == 1 ? "" : "s") in \(files.count) lesson\(files.count == 1 ? "" : "s")")
        return failures == 0
    }

    /// How many walks run at once. Each is a tutor, a browser and a server of its own, and the
    /// walks of all files share them: a file's slowest path does not hold the next file back
    /// while a core idles. Twelve at once only contended for JavaScriptCore's allocator (its
    /// locks, its pages given back and taken again) and made more virtual machines.
    static let walksAtOnce = 4

    /// The problems of each file, in order (read from disk unless its text is given), and how
    /// many steps each has.
    static func lint(_ files: [(file: String, text: String?)]) async -> [(messages: [String], steps: Int)] {
        let parsed = files.map { file, text -> (messages: [String], lesson: Lesson?) in
            guard let text = text ?? FileManager.default.contents(atPath: file).map({ String(decoding: $0, as: UTF8.self) }) else {
                return (["\(file): cannot read"], nil)
            }
            let (lesson, problems) = LessonParser.diagnose(text, file: file)
            return (problems.map(\.description), problems.isEmpty ? lesson : nil)
        }
        // Every path of every lesson that parsed; a route that never answers costs its time-out
        // once, not once per path.
        let walks = parsed.indices.flatMap { f in parsed[f].lesson == nil ? [] : paths.indices.map { (file: f, path: $0) } }
        var found = parsed.map { _ in Array(repeating: [LintProblem](), count: paths.count) }
        await withTaskGroup(of: (file: Int, path: Int, problems: [LintProblem]).self) { group in
            var next = 0
            func start() {
                guard next < walks.count, let lesson = parsed[walks[next].file].lesson else { return }
                let (f, p) = walks[next]
                next += 1
                group.addTask { (f, p, await walk(lesson, paths[p])) }
            }
            for _ in 0..<walksAtOnce { start() }
            for await (f, p, problems) in group {
                found[f][p] = problems
                start()
            }
        }
        return parsed.indices.map { f in
            // A goal that fails on the lesson's own path fails on the others too: say it once,
            // for the first path it fails on.
            var messages = parsed[f].messages
            var seen: Set<String> = []
            for problems in found[f] {
                for problem in problems where seen.insert(problem.key).inserted { messages.append(problem.message) }
            }
            return (messages, parsed[f].lesson?.steps.count ?? 0)
        }
    }

    /// Walks a lesson along one path with a tutor of its own.
    static func walk(_ lesson: Lesson, _ path: Path) async -> [LintProblem] {
        // Exercise files go to a folder of the walk's own, removed after it.
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("crumbs-lint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: work) }
        let tutor = Tutor(config: TutorConfig(lessonsDirectory: URL(fileURLWithPath: "/nonexistent"), deterministic: true,
                                              timeout: 2, port: 0, saveProgress: false, workDirectory: work))
        let found = await walk(lesson, path, on: tutor)
        await tutor.shutdown()
        return found
    }
}

extension LessonLinter {
    /// What lint found wrong, and what it is about (a step or a goal), so that a problem seen
    /// on several paths is reported once.
    struct LintProblem: Sendable {
        var key: String
        var message: String
    }

    /// Walks a lesson along one path, through the tutor's commands; returns what is wrong with
    /// its steps.
    static func walk(_ lesson: Lesson, _ path: Path, on tutor: Tutor) async -> [LintProblem] {
        await tutor.use([lesson])
        var problems: [LintProblem] = []
        let lessonsPath = path.arriving.isEmpty && path.repeats == 1 && path.between.isEmpty
        for index in lesson.steps.indices {
            let step = lesson.steps[index]
            let place = "\(lesson.file):\(step.line):1: step \(index + 1) (\(step.title))"
            let on = lessonsPath ? "" : ", on the path \"\(path.name)\""
            var entered = index == 0 ? await tutor.execute("open 1").lines : await tutor.execute("next").lines
            if index > 0 {
                for command in path.arriving { entered = await tutor.execute(command).lines }
            }
            let broken = lesson.steps[...index].last(where: { $0.code != nil })?.code?.broken ?? false
            if broken, await tutor.isServerRunning {
                problems.append(LintProblem(key: place, message: "\(place): the code is marked `js broken`, but the server starts"))
            }
            if !broken && !step.isExercise && lesson.code(at: index) != nil, !(await tutor.isServerRunning) {
                problems.append(LintProblem(key: place, message: "\(place)\(on): the server does not start:\n" + entered.joined(separator: "\n")))
                continue
            }
            guard !step.goals.isEmpty else { continue }
            if lessonsPath {
                let before = await tutor.goalResults()
                for r in before where r.error != nil {
                    problems.append(LintProblem(key: "before \(r.goal.line)", message: "\(lesson.file):\(r.goal.line):1: goal \"\(r.goal.text)\" cannot run: \(r.error!)"))
                }
                if before.allSatisfy(\.passed) {
                    problems.append(LintProblem(key: "met \(place)", message: "\(place): every goal is already met when the step starts, before its commands run, so it teaches nothing"))
                }
            }
            func typeCommands() async {
                for _ in 0..<path.repeats {
                    for command in step.tries {
                        _ = await tutor.execute(command)
                        for look in path.between { _ = await tutor.execute(look) }
                    }
                }
            }
            await typeCommands()
            if step.isExercise {
                // The starting code must not meet the goals; the solution must.
                let unsolved = await tutor.goalResults()
                if unsolved.allSatisfy(\.passed) {
                    problems.append(LintProblem(key: "exercise \(place)", message: "\(place)\(on): the exercise's starting code already meets every goal, so there is nothing to fix"))
                }
                _ = await tutor.execute("solution apply")
                await typeCommands()
            }
            let after = await tutor.goalResults()
            for r in after where !r.passed {
                let detail = r.error.map { "cannot run: \($0)" } ?? r.notYet.map { "not yet: \($0)" }
                    ?? "expected \(r.expected ?? "?"), found \(r.found ?? "?")"
                problems.append(LintProblem(key: "goal \(r.goal.line)", message: "\(lesson.file):\(r.goal.line):1: step \(index + 1) goal \"\(r.goal.text)\" fails after its commands\(on): \(detail)"))
            }
        }
        return problems
    }
}
