import Dispatch
import Synchronization
import Testing
@testable import Markdown

/// Lists keep their kind and start; GitHub's strikethrough is on.
@Suite struct ExtensionTests {
    @Test func orderedAndBulletLists() throws {
        let doc = try MarkdownDocument.parse("3. three\n4. four\n\n- a\n- b\n")
        #expect(doc.children.map(\.kind) == [.list(ordered: true, start: 3), .list(ordered: false, start: 0)])
        #expect(doc.children[0].children.map(\.plainText) == ["three", "four"])
    }

    @Test func strikethroughIsANode() throws {
        let doc = try MarkdownDocument.parse("keep ~~drop~~ this\n")
        let paragraph = try #require(doc.children.first)
        try #require(paragraph.children.map(\.kind) == [.text("keep "), .strikethrough, .text(" this")])
        #expect(paragraph.children[1].plainText == "drop")
    }

    /// cmark-gfm marks an extension's characters in a table all parsers share and clears them
    /// when a parser is freed: parses at once, on four threads, must each still see
    /// strikethrough (lint and the tutor parse lessons side by side).
    @Test func parsesAtOnceEachSeeStrikethrough() {
        let missed = Atomic(0)
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            for _ in 0..<500 where (try? MarkdownDocument.parse("keep ~~drop~~ this\n"))?.children.first?.children.count != 3 {
                missed.add(1, ordering: .relaxed)
            }
        }
        #expect(missed.load(ordering: .relaxed) == 0)
    }
}
