import CReadline
import Foundation

/// GNU readline behind Swift: line editing, history and its file. Readline keeps global
/// state, so there is one editor per process.
public enum LineEditor {
    /// The linked readline's version, e.g. "8.2".
    public static var libraryVersion: String {
        crumbs_rl_library_version().map { String(cString: $0) } ?? "unknown"
    }

    /// Reads a line with editing; `nil` at end of input (Ctrl-D).
    public static func readLine(prompt: String) -> String? {
        guard let raw = readline(prompt) else { return nil }
        defer { free(raw) }
        return String(cString: raw)
    }

    /// Adds a line to the history, skipping blanks and a repeat of the last entry.
    public static func addHistory(_ line: String) {
        guard !line.allSatisfy(\.isWhitespace), history.last != line else { return }
        add_history(line)
    }

    /// The history, oldest first.
    public static var history: [String] {
        guard let list = history_list() else { return [] }
        var result: [String] = []
        var i = 0
        while let entry = list[i] {
            result.append(String(cString: entry.pointee.line))
            i += 1
        }
        return result
    }

    /// Forgets the history.
    public static func clearHistory() { clear_history() }

    /// Loads the history file; a missing file is an empty history.
    public static func loadHistory(from path: String) { _ = read_history(path) }

    /// Writes the history file, keeping at most `limit` entries.
    @discardableResult
    public static func saveHistory(to path: String, limit: Int = 1000) -> Bool {
        let written = write_history(path) == 0
        _ = history_truncate_file(path, Int32(limit))
        return written
    }
}
