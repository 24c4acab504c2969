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
    /// when a parser is freed: parses at once, on threads of their own, must each still see
    /// strikethrough (lint and the tutor parse lessons side by side).
    @Test func parsesAtOnceEachSeeStrikethrough() async throws {
        let missed = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    await Task.detached {
                        var missed = 0
                        for _ in 0..<500 {
                            let doc = try? MarkdownDocument.parse("keep ~~drop~~ this\n")
                            if doc?.children.first?.children.count != 3 { missed += 1 }
                        }
                        return missed
                    }.value
                }
            }
            return await group.reduce(0, +)
        }
        #expect(missed == 0)
    }
}
