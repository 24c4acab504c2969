import Testing
@testable import JavaScript

/// Where the caret goes when JavaScriptCore names a syntax error's line but not its column.
@Suite struct SyntaxColumnTests {
    @Test func theEndOfTheScriptIsAfterTheLastCharacter() {
        let source = "app.get('/', (req, res) => {\n  res.send('hi');"
        #expect(JSContext.syntaxColumn(message: "Unexpected end of script", line: 2, in: source) == 18)
    }

    @Test func aNamedTokenIsFoundOnItsLine() {
        let source = "const a = 1;\nconst b = a b;"
        #expect(JSContext.syntaxColumn(message: "Unexpected identifier 'b'", line: 2, in: source) == 7)
    }

    /// Without a token to find, the first character that is not a space or a tab.
    @Test func otherwiseTheFirstCharacterAfterTabsAndSpaces() {
        #expect(JSContext.syntaxColumn(message: "Unexpected token", line: 2, in: "x\n\t \tfoo(;") == 4)
        #expect(JSContext.syntaxColumn(message: "Unexpected token", line: 1, in: "   ") == 1)
        #expect(JSContext.syntaxColumn(message: "Unexpected token", line: 3, in: "x") == 1)
    }

    /// The caret's padding keeps the tabs of the line, so it lines up in a terminal.
    @Test func theCaretKeepsTheLinesTabs() {
        let error = JSError.syntax(message: "Unexpected token ';'", location: JSLocation(file: "app.js", line: 1, column: 6))
        #expect(error.diagnostic(source: "\t\tfoo;") == "app.js:1:6: SyntaxError: Unexpected token ';'\n\t\tfoo;\n\t\t   ^")
    }
}
