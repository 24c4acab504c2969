import Foundation
import Lessons
import TerminalUI

/// Exercises, rustlings-style: the step's starting code is written to a file of the learner's,
/// they fix it in their own editor, and the server reloads whenever the file changes (like
/// nodemon). `edit` opens the file in `$VISUAL`/`$EDITOR`; `solution` shows the fix and
/// `solution apply` uses it.
extension Tutor {
    /// The exercise the current step runs: its file, the text last loaded, the watcher.
    struct ExerciseSlot {
        var file: URL
        var loaded: String
        var watcher: FileWatcher?
    }

    /// The folder of exercise files: `--work DIR`, else `work/` in the state folder; a script
    /// (deterministic) without `--work` gets a temporary folder of its own, removed at shutdown,
    /// so no file from an earlier run changes its transcript.
    var workDirectory: URL {
        config.workDirectory ?? (config.deterministic ? scratchWork : config.stateDirectory.appendingPathComponent("work"))
    }

    /// An exercise's file: one per lesson step, kept between runs (it holds the learner's work).
    func exerciseFile(_ lesson: Lesson, _ step: Int) -> URL {
        workDirectory.appendingPathComponent("\(lesson.id)-\(step + 1).js")
    }

    /// Starts an exercise step: writes the starting code unless the learner's file exists, runs
    /// the file, and watches it.
    func startExercise(_ lesson: Lesson, _ step: Int) async -> [String] {
        stopExercise()
        let file = exerciseFile(lesson, step)
        var lines: [String] = []
        let fm = FileManager.default
        if !fm.fileExists(atPath: file.path) {
            do {
                try fm.createDirectory(at: workDirectory, withIntermediateDirectories: true)
                try (lesson.code(at: step) ?? "").write(to: file, atomically: true, encoding: .utf8)
            } catch {
                return [theme.paint("cannot write the exercise file \(file.path): \(error.localizedDescription)", .warning)]
            }
        } else {
            lines.append("Your file from before is kept (`solution apply` replaces it with the solution).")
        }
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        appSlot.exercise = ExerciseSlot(file: file, loaded: text, watcher: nil)
        if !cursor.replaying {
            appSlot.exercise?.watcher = FileWatcher(folder: workDirectory) { [weak self] name in
                guard name == file.lastPathComponent, let self else { return }
                Task { await self.exerciseFileChanged() }
            }
        }
        lines.append(theme.paint("Exercise: fix the code in \(file.path)", .bold))
        lines.append("  Edit it in your editor (`edit` opens $VISUAL or $EDITOR); the server restarts whenever you save.")
        return lines + (await startApp(code: text, file: file.lastPathComponent))
    }

    func stopExercise() {
        appSlot.exercise?.watcher?.stop()
        appSlot.exercise = nil
    }

    /// The watcher saw the file written: reload now, and tell the learner (at once in the REPL,
    /// with the next command's output otherwise).
    func exerciseFileChanged() async {
        _ = await reloadExerciseIfChanged(announce: true)
    }

    /// Restarts the server on the exercise file when its text changed since it was loaded.
    /// Reloads run one after another (the watcher and a command may both ask), so a command
    /// never meets a server half restarted. With `announce`, the lines go to the learner now
    /// (or to the next command's output) instead of being returned.
    func reloadExerciseIfChanged(announce: Bool = false) async -> [String] {
        let previous = appSlot.reloading
        let task = Task<[String], Never> {
            _ = await previous?.value
            return await self.reloadNow(announce: announce)
        }
        appSlot.reloading = task
        return await task.value
    }

    private func reloadNow(announce: Bool) async -> [String] {
        guard let slot = appSlot.exercise, let text = try? String(contentsOf: slot.file, encoding: .utf8), text != slot.loaded else { return [] }
        appSlot.exercise?.loaded = text
        leavePath()
        var lines = ["\(slot.file.lastPathComponent) changed: restarting the server."]
        lines += await startApp(code: text, file: slot.file.lastPathComponent)
        lines += await goalFeedback()
        guard announce else { return lines }
        if let notify = repl.notify { notify(lines + [""]) } else { repl.notices += lines }
        return []
    }

    /// `edit`: the exercise file in the learner's editor; the server reloads when it returns.
    func edit() async -> [String] {
        guard let slot = appSlot.exercise else {
            return ["this step has no exercise to edit. `code` shows the step's code; exercises say \"Exercise: fix the code in …\"."]
        }
        guard let editor = config.editor else {
            return ["No editor is set ($VISUAL or $EDITOR). Open \(slot.file.path) in yours: the server restarts when you save."]
        }
        let status = Self.runEditor(editor, file: slot.file.path)
        var lines: [String] = []
        if status != 0 { lines.append("\(editor) exited with status \(status).") }
        let reloaded = await reloadExerciseIfChanged()
        return lines + (reloaded.isEmpty ? ["\(slot.file.lastPathComponent) is unchanged."] : reloaded)
    }

    /// Runs `editor FILE` through the shell (so `code -w` or `vim -u NONE` work) on this
    /// terminal, and waits for it.
    static func runEditor(_ editor: String, file: String) -> Int32 {
        var pid: pid_t = 0
        let argv = ["/bin/sh", "-c", editor + " \"$1\"", "sh", file]
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for arg in cArgs { free(arg) } }
        guard posix_spawn(&pid, "/bin/sh", nil, nil, &cArgs, environ) == 0 else { return 127 }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// `solution` shows the fix; `solution apply` writes it into the exercise file.
    func solution(_ args: [String]) async -> [String] {
        guard let lesson = currentLesson, let solution = lesson.steps[cursor.stepIndex].solution, let slot = appSlot.exercise else {
            return ["this step has no exercise, so no solution."]
        }
        if args.first == "apply" {
            do {
                try (lesson.solvedCode(at: cursor.stepIndex) ?? solution.source).write(to: slot.file, atomically: true, encoding: .utf8)
            } catch {
                return ["cannot write \(slot.file.path): \(error.localizedDescription)"]
            }
            progress.solutionsApplied[lesson.id, default: []].insert(cursor.stepIndex)
            saveProgress()
            return ["The solution is now in \(slot.file.lastPathComponent) (`progress` notes that you used it)."] + (await reloadExerciseIfChanged())
        }
        guard args.isEmpty else { return ["usage: solution [apply]"] }
        let digits = String(solution.source.split(separator: "\n", omittingEmptySubsequences: false).count).count
        return ["The solution (`solution apply` puts it in your file):"] + solution.source.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { i, line in
            let number = String(i + 1)
            return theme.paint(String(repeating: " ", count: digits - number.count) + number, .dim) + "  " + MarkdownText.highlight(String(line), theme: theme)
        }
    }
}
