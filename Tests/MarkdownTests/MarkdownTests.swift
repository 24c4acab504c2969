import Testing
@testable import Markdown

@Suite struct MarkdownTests {
    @Test func parsesAGFMTable() throws {
        let doc = try MarkdownDocument.parse("""
            # Cookies

            | name | kept |
            | --- | --- |
            | connect.sid | session |
            """)
        #expect(doc.children.count == 2)
        #expect(doc.children[0].kind == .heading(level: 1))
        let table = try #require(doc.children.last)
        #expect(table.kind == .table(columns: 2))
        #expect(table.line == 3 && table.column == 1)
        #expect(table.children.map { $0.children.map(\.plainText) } == [["name", "kept"], ["connect.sid", "session"]])
        #expect(table.children.first?.kind == .tableRow(header: true))
    }

    @Test func fencedCodeKeepsInfoAndText() throws {
        let doc = try MarkdownDocument.parse("Intro\n\n```js\napp.get('/', h)\n```\n")
        #expect(doc.children.last?.kind == .codeBlock(info: "js", literal: "app.get('/', h)\n"))
        #expect(doc.children.last?.line == 3)
    }
}
