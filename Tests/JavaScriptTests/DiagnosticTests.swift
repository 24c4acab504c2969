import Testing
@testable import JavaScript

@Test func diagnosticsShowTheLineAndACaret() {
    let source = "app.get('/logout', (req, res) => {\n  req.session.destroy(err => { err && throw err; });\n});"
    do {
        try JSContext().checkSyntax(source, file: "app.js")
        Issue.record("expected a syntax error")
    } catch {
        #expect(error.diagnostic(source: source) == """
            app.js:2:39: SyntaxError: Unexpected token 'throw'
              req.session.destroy(err => { err && throw err; });
                                                  ^
            """)
    }
}
