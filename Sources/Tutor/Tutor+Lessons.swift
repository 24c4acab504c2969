import Browser
import Foundation
import JavaScript
import Synchronization
import Lessons
import TerminalUI

extension Tutor {
    var currentLesson: Lesson? { cursor.lessonIndex.map { lessons[$0] } }

    /// Reads the lessons for the list and the flow. Their JavaScript is compiled when each is
    /// first opened (`javaScriptProblems(of:)`): that takes a JavaScriptCore virtual machine,
    /// which the first prompt does without (a third of the tutor's memory there).
    func loadLessons() {
        lessons = []
        lessonErrors = []
        lessonTexts = [:]
        for (file, result) in Self.parseLessons(Self.lessonFiles(in: config.lessonsDirectory)) {
            switch result {
            case .success(let lesson):
                lessons.append(lesson)
                lessonTexts[lesson.file] = file.text
            case .failure(let error): lessonErrors.append(error)
            }
        }
    }

    /// The mistakes in a lesson's code and goals, the first time it opens ("lesson error:"
    /// lines, as the ones the list shows for a lesson that cannot be read); the steps still run,
    /// and each mistake shows again where it breaks (the server does not start, a goal cannot run).
    func javaScriptProblems(of lesson: Lesson) -> [String] {
        guard let text = lessonTexts.removeValue(forKey: lesson.file) else { return [] }
        return LessonParser.diagnose(text, file: lesson.file).1.map { theme.paint("lesson error: ", .warning) + $0.description }
    }

    /// The tutor's apps answer a few requests each and end: JavaScriptCore is told so before it
    /// makes its first context (`JSContext.Tiering.shortLivedApps`). Every command but `serve`
    /// calls this first.
    public static func prepareEngine() {
        JSContext.setTiering(.shortLivedApps)
    }

    /// Starts, on another thread, what reading the first lessons would otherwise wait for:
    /// cmark's extensions and Yams. Called as the tutor's process starts, so it overlaps
    /// argument parsing and setup.
    public static func warmUp() {
        Thread.detachNewThread {
            _ = LessonParser.diagnose("---\ntitle: t\n---\n## s\n\ntext\n", file: "warm-up.md", checkingJavaScript: false)
        }
    }

    /// Parses lesson files (their JavaScript unchecked) on every core, each result in its
    /// file's place.
    static func parseLessons(_ files: [(name: String, text: String)]) -> [((name: String, text: String), Result<Lesson, LessonError>)] {
        let results = Mutex([Result<Lesson, LessonError>?](repeating: nil, count: files.count))
        DispatchQueue.concurrentPerform(iterations: files.count) { index in
            let (name, text) = files[index]
            let result = Result { () throws(LessonError) in
                try LessonParser.parse(text, file: "lessons/" + name, checkingJavaScript: false)
            }
            results.withLock { $0[index] = result }
        }
        return results.withLock { results in zip(files, results).compactMap { file, result in result.map { (file, $0) } } }
    }

    /// The lesson files of a folder, or the ones built into crumbs, in name order.
    static func lessonFiles(in folder: URL?) -> [(name: String, text: String)] {
        guard let folder else {
            return Embedded.files.filter { $0.key.hasSuffix(".md") }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        }
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()
        return names.compactMap { name in
            FileManager.default.contents(atPath: folder.appendingPathComponent(name).path).map { (name, String(decoding: $0, as: UTF8.self)) }
        }
    }

    func saveProgress() {
        guard let progressStore else { return }
        progress.lesson = currentLesson?.id
        progress.step = cursor.stepIndex
        try? progressStore.save(progress)
    }

    func lessonList() -> [String] {
        guard !lessons.isEmpty else { return ["no lessons."] }
        return lessons.enumerated().map { i, lesson in
            let done = lesson.steps.indices.filter { progress.isComplete(lesson.id, $0) }.count
            let mark = done == lesson.steps.count ? theme.paint("✓", .added) : done > 0 ? "◐" : "·"
            let here = i == cursor.lessonIndex ? "▸" : " "
            return TextLayout.truncate("\(here) \(mark) \(String(i + 1).count == 1 ? " " : "")\(i + 1). \(lesson.title)  (\(lesson.id))", width)
        }
    }

    func open(_ args: [String]) async -> [String] {
        guard let key = args.first else { return ["usage: open N|ID — `lessons` lists them"] }
        let index = Int(key).map { $0 - 1 } ?? lessons.firstIndex { $0.id == key }
        guard let index, lessons.indices.contains(index) else {
            return ["no lesson \"\(key)\": open one of 1–\(lessons.count) or an id (\(lessons.map(\.id).joined(separator: ", ")))"]
        }
        return await enter(lesson: index, step: 0, announce: true)
    }

    /// Goes to a step: brings the browser and server to the state the step starts from (see
    /// `rebuild`), says what was put back if the learner's world differed, and shows the step.
    func enter(lesson index: Int, step: Int, announce: Bool) async -> [String] {
        let lesson = lessons[index]
        var lines = javaScriptProblems(of: lesson)
        // Within a lesson, say what entering the step put back; a new lesson starts afresh.
        let before: StateSummary? = cursor.lessonIndex == index ? await stateSummary() : nil
        cursor.lessonIndex = index
        if announce && step == 0 {
            lines.append(theme.paint("Lesson \(index + 1): \(lesson.title)", .bold))
            lines += MarkdownText.render(lesson.intro, width: width, theme: theme)
            lines.append("")
        }
        lines += await rebuild(lesson: index, upTo: step)
        if let before, let note = Self.putBack(from: before, to: await stateSummary()) {
            lines += TextLayout.wrap(theme.paint(note, .dim), width, indent: "  ")
        }
        cursor.goalsAnnounced = progress.isComplete(lesson.id, step)
        // A step with nothing to check is complete once it has been read.
        if lesson.steps[step].goals.isEmpty { progress.complete(lesson.id, step) }
        lines.append("")
        lines += readStep()
        saveProgress()
        return lines
    }

    /// The app.use calls the running app made, in order.
    var middleware: [String] { appSlot.app?.middleware ?? [] }

    func readStep() -> [String] {
        guard let lesson = currentLesson else { return ["no lesson is open: `lessons` lists them, `open 1` starts the first."] }
        let step = lesson.steps[cursor.stepIndex]
        var lines = [theme.paint("Lesson \(cursor.lessonIndex! + 1) · step \(cursor.stepIndex + 1) of \(lesson.steps.count): \(step.title)", .bold)]
        lines += MarkdownText.render(step.prose.filter { if case .codeBlock("crumbs", _) = $0.kind { return false }; return true },
                                     width: width, theme: theme)
        if step.code?.replaces == false && cursor.stepIndex > 0 && lesson.steps[..<cursor.stepIndex].contains(where: { $0.code != nil }) {
            lines.append("(that code is added to the code of the steps before; `code` shows all of it)")
        }
        if !step.tries.isEmpty {
            lines.append("")
            lines.append(theme.paint("Try:", .bold))
            lines += step.tries.map { "  " + $0 }
        }
        if !step.goals.isEmpty {
            lines.append("")
            lines.append(theme.paint("Goals:", .bold))
            let done = progress.isComplete(lesson.id, cursor.stepIndex)
            lines += step.goals.map { (done ? "  ✓ " : "  ○ ") + $0.text }
        }
        if step.goals.isEmpty {
            lines.append("")
            lines.append("(nothing to check in this step: it counts as done once read; `next` moves on)")
        }
        let used = progress.hints[hintKey] ?? 0
        let hints = step.allHints
        if used < hints.count {
            lines.append("(\(hints.count - used) hint\(hints.count - used == 1 ? "" : "s") left: `hint`)")
        }
        return lines
    }

    var hintKey: String { "\(currentLesson?.id ?? "")#\(cursor.stepIndex)" }

    func hint() -> [String] {
        guard let lesson = currentLesson else { return ["no lesson is open."] }
        let hints = lesson.steps[cursor.stepIndex].allHints
        let used = progress.hints[hintKey] ?? 0
        let n = min(used + 1, hints.count)
        progress.hints[hintKey] = n
        saveProgress()
        return ["Hint \(n) of \(hints.count): \(hints[n - 1])"] + (n == hints.count && used == n ? ["(that was the last hint)"] : [])
    }

    func check() async -> [String] {
        guard let lesson = currentLesson else { return ["no lesson is open."] }
        let step = lesson.steps[cursor.stepIndex]
        guard !step.goals.isEmpty else { return ["this step has no goals: it counts as done once read; `next` moves on."] }
        let results = GoalChecker.check(step.goals, in: await world(), file: lesson.file)
        var lines = results.map { r -> String in
            if r.passed { return theme.paint("  ✓ ", .added) + r.goal.text }
            if let notYet = r.notYet { return theme.paint("  ✗ ", .removed) + r.goal.text + "\n      not yet: \(notYet)" }
            if r.error != nil {
                return theme.paint("  ✗ ", .removed) + r.goal.text + "\n      this goal cannot be checked (a mistake in the lesson; `crumbs lint` shows it)"
            }
            return theme.paint("  ✗ ", .removed) + r.goal.text + "\n      expected \(r.expected ?? "?")\n      found    \(r.found ?? "?")"
        }
        if results.allSatisfy(\.passed) {
            cursor.goalsAnnounced = true
            progress.complete(lesson.id, cursor.stepIndex)
            saveProgress()
            lines.append(cursor.stepIndex + 1 < lesson.steps.count ? "Step complete. `next` moves on." : "Lesson complete.")
        } else {
            lines.append("\(results.filter { !$0.passed }.count) goal\(results.filter { !$0.passed }.count == 1 ? "" : "s") still open.")
        }
        return lines.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) }
    }

    func move(by delta: Int) async -> [String] {
        guard let lessonIndex = cursor.lessonIndex, let lesson = currentLesson else { return ["no lesson is open: `open 1` starts the first."] }
        let target = cursor.stepIndex + delta
        if target >= lesson.steps.count {
            if lessonIndex + 1 < lessons.count {
                return ["That was the last step of this lesson."] + (await enter(lesson: lessonIndex + 1, step: 0, announce: true))
            }
            return ["That was the last step of the last lesson. Well done."]
        }
        guard target >= 0 else { return ["this is the first step."] }
        return await enter(lesson: lessonIndex, step: target, announce: false)
    }

    func goToStep(_ args: [String]) async -> [String] {
        guard let lessonIndex = cursor.lessonIndex, let lesson = currentLesson else { return ["no lesson is open."] }
        guard let n = args.first.flatMap(Int.init), (1...lesson.steps.count).contains(n) else {
            return ["usage: step N, with N from 1 to \(lesson.steps.count)"]
        }
        return await enter(lesson: lessonIndex, step: n - 1, announce: false)
    }

    func reset(_ args: [String]) async -> [String] {
        guard let lessonIndex = cursor.lessonIndex else { return ["no lesson is open."] }
        if args.first == "lesson" {
            return ["The lesson starts over: a fresh browser and server."] + (await enter(lesson: lessonIndex, step: 0, announce: true))
        }
        return ["The step starts over: the browser and server as the step begins."] + (await enter(lesson: lessonIndex, step: cursor.stepIndex, announce: false))
    }

    func progressReport() -> [String] {
        guard !lessons.isEmpty else { return ["no lessons."] }
        var lines: [String] = []
        var totalDone = 0, total = 0
        for (i, lesson) in lessons.enumerated() {
            let done = lesson.steps.indices.filter { progress.isComplete(lesson.id, $0) }.count
            let hints = lesson.steps.indices.map { progress.hints["\(lesson.id)#\($0)"] ?? 0 }.reduce(0, +)
            totalDone += done
            total += lesson.steps.count
            let solutions = progress.solutionsApplied[lesson.id]?.count ?? 0
            lines.append("  \(i + 1). \(lesson.title): \(done)/\(lesson.steps.count) steps" + (hints > 0 ? ", \(hints) hint\(hints == 1 ? "" : "s")" : "")
                         + (solutions > 0 ? ", \(solutions) solution\(solutions == 1 ? "" : "s") applied" : ""))
        }
        return ["\(totalDone) of \(total) steps complete."] + lines
    }
}
