import Foundation
import Testing
@testable import LineEditor

@Suite(.serialized) struct LineEditorTests {
    @Test func readlineIsLinked() {
        #expect(LineEditor.libraryVersion.first?.isNumber == true)
    }

    @Test func historyRoundTripsThroughAFile() throws {
        LineEditor.clearHistory()
        LineEditor.addHistory("get /")
        LineEditor.addHistory("get /")  // a repeat is skipped
        LineEditor.addHistory("   ")
        LineEditor.addHistory("jar")
        #expect(LineEditor.history == ["get /", "jar"])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("crumbs-history-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(LineEditor.saveHistory(to: path))
        LineEditor.clearHistory()
        #expect(LineEditor.history.isEmpty)
        LineEditor.loadHistory(from: path)
        #expect(LineEditor.history == ["get /", "jar"])
        LineEditor.clearHistory()
    }
}
