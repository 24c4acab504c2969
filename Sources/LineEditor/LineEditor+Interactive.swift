import CReadline
import Foundation

extension LineEditor {
    /// Finds completions for the word being typed, given the line up to the cursor.
    public typealias Completer = @Sendable (_ line: String, _ word: String) -> [String]

    nonisolated(unsafe) private static var completer: Completer?

    /// Installs tab completion.
    public static func setCompleter(_ completer: @escaping Completer) {
        Self.completer = completer
        crumbs_rl_set_completer { text, start, _ in
            crumbs_rl_completion_over()
            guard let text, let complete = LineEditor.completer else { return nil }
            let word = String(cString: text)
            let buffer = crumbs_rl_line_buffer().map { String(cString: $0) } ?? ""
            let line = String(decoding: buffer.utf8.prefix(Int(start)), as: UTF8.self)
            let matches = complete(line + word, word)
            guard !matches.isEmpty else { return nil }
            let common = matches.dropFirst().reduce(matches[0]) { prefix, m in String(prefix.commonPrefix(with: m)) }
            let entries = [matches.count == 1 ? matches[0] : common] + matches
            let array = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: entries.count + 1)
            for (i, entry) in entries.enumerated() { array[i] = strdup(entry) }
            array[entries.count] = nil
            return array
        }
    }

    /// Ctrl-C clears the line being typed; at other times it is remembered for `takeInterrupt`.
    public static func installInterruptHandler() { crumbs_install_sigint() }

    /// Was Ctrl-C pressed since the last call (outside of line editing)?
    public static func takeInterrupt() -> Bool { crumbs_take_interrupt() != 0 }

    /// Calls `handler` on a queue of its own each time Ctrl-C is pressed outside of line editing
    /// (while a command runs), as the signal arrives. Call once.
    public static func onInterrupt(_ handler: @escaping @Sendable () -> Void) {
        let fd = crumbs_interrupt_fd()
        guard fd >= 0 else { return }
        let source = DispatchSource.makeReadSource(fileDescriptor: fd, queue: DispatchQueue(label: "crumbs.interrupts"))
        source.setEventHandler {
            var bytes = [UInt8](repeating: 0, count: 64)
            while read(fd, &bytes, bytes.count) > 0 {}
            handler()
        }
        source.resume()
        interruptSource = source
    }

    nonisolated(unsafe) private static var interruptSource: (any DispatchSourceRead)?

    /// Prints lines while a line may be being read (a server that reloaded between commands):
    /// the prompt and what was typed are cleared, the lines printed, and both drawn again.
    public static func interject(_ lines: [String]) {
        crumbs_interject(lines.joined(separator: "\n") + "\n")
    }

    /// Was the unfinished entry abandoned with Ctrl-C while the last line was read?
    public static func takeAbandoned() -> Bool { crumbs_take_abandoned() != 0 }

    /// Reads a line on a thread of its own, so waiting for the learner blocks no task. On a
    /// continuation line, pass the `primary` prompt: Ctrl-C then abandons the entry, shows that
    /// prompt, and `takeAbandoned()` says so once the next line is read.
    public static func readLineAsync(prompt: String, primary: String? = nil) async -> String? {
        await withCheckedContinuation { continuation in
            let thread = Thread {
                crumbs_set_continuation(primary)
                crumbs_set_reading(1)
                let line = readLine(prompt: prompt)
                crumbs_set_reading(0)
                continuation.resume(returning: line)
            }
            thread.start()
        }
    }
}
