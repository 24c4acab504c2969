import Foundation
import LineEditor
import Synchronization

/// Runs commands from a script (a file, a pipe, a test) and prints a plain transcript: each
/// command after "> ", then what it printed.
public enum ScriptRunner {
    public static func run(tutor: Tutor, lines: [String], output: @escaping @Sendable (String) -> Void) async {
        for line in await tutor.start() { output(line) }
        var continuing = false
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !continuing && trimmed.isEmpty { continue }
            if !continuing && trimmed.hasPrefix("#") {
                output(line)
                continue
            }
            output("")
            output((continuing ? "… " : "> ") + line)
            let result = await tutor.execute(line)
            continuing = result.needsMore
            for l in result.lines { output(l) }
            if result.quit { break }
        }
        if let unfinished = await tutor.unfinishedEntry() {
            output("")
            output(unfinished)
        }
        await tutor.shutdown()
    }
}

/// The interactive REPL on GNU readline: editing, history across runs, completion, Ctrl-C.
public enum InteractiveRunner {
    public static func run(tutor: Tutor, historyFile: URL) async {
        try? FileManager.default.createDirectory(at: historyFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        LineEditor.loadHistory(from: historyFile.path)
        LineEditor.installInterruptHandler()
        let model = CompletionBox()
        LineEditor.setCompleter { line, word in model.value.candidates(line: line, word: word) }
        await tutor.setNotify { lines in LineEditor.interject(lines) }
        // Ctrl-C while a command runs cancels a pending request; its exchange says so.
        LineEditor.onInterrupt {
            guard LineEditor.takeInterrupt() else { return }
            Task { _ = await tutor.cancelPending() }
        }
        for line in await tutor.start() { print(line) }
        while true {
            model.value = await tutor.completionModel()
            let continuing = await tutor.isContinuing
            guard let line = await LineEditor.readLineAsync(prompt: await tutor.prompt(),
                                                            primary: continuing ? await tutor.primaryPrompt() : nil) else {
                print("")
                break
            }
            if LineEditor.takeAbandoned(), await tutor.abandonEntry() {
                print("(the unfinished JavaScript was dropped)")
            }
            LineEditor.addHistory(line)
            _ = LineEditor.takeInterrupt()
            let result = await tutor.execute(line)
            for l in result.lines { print(l) }
            if !result.lines.isEmpty && !result.quit { print("") }
            LineEditor.saveHistory(to: historyFile.path)
            if result.quit { break }
        }
        LineEditor.saveHistory(to: historyFile.path)
        await tutor.shutdown()
    }
}

/// The completion model, swapped after each command and read by readline's callback.
final class CompletionBox: Sendable {
    private let model = Mutex(CompletionModel())
    var value: CompletionModel {
        get { model.withLock { $0 } }
        set { model.withLock { $0 = newValue } }
    }
}
