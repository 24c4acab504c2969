import Foundation
import Testing
@testable import LineEditor

extension LineEditorTests {
    /// The history file keeps the newest `limit` entries, no more.
    @Test func theHistoryFileKeepsTheNewestEntriesUpToItsLimit() throws {
        LineEditor.clearHistory()
        for line in ["open 1", "get /", "jar"] { LineEditor.addHistory(line) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("crumbs-history-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(LineEditor.saveHistory(to: path, limit: 2))
        LineEditor.clearHistory()
        LineEditor.loadHistory(from: path)
        #expect(LineEditor.history == ["get /", "jar"])
        LineEditor.clearHistory()
    }
}
