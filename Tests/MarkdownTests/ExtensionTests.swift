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
        #expect(paragraph.children.map(\.kind) == [.text("keep "), .strikethrough, .text(" this")])
        #expect(paragraph.children[1].plainText == "drop")
    }
}
