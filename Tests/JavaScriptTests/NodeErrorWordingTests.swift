import Testing
@testable import JavaScript

/// JavaScriptCore's messages (as this JavaScriptCore writes them) and V8's for the same mistake,
/// as Node 20 prints them.
@Suite struct NodeErrorWordingTests {
    @Test(arguments: [
        ("TypeError", "res.sned is not a function. (In 'res.sned(\"oops\")', 'res.sned' is undefined)", "res.sned is not a function"),
        ("TypeError", "f2 is not a function. (In 'f2()', 'f2' is undefined)", "f2 is not a function"),
        ("TypeError", "undefined is not an object (evaluating 'req.session.user')", "Cannot read properties of undefined (reading 'user')"),
        ("TypeError", "null is not an object (evaluating 'o.foo')", "Cannot read properties of null (reading 'foo')"),
        ("TypeError", "undefined is not an object (evaluating 'arr[0].x')", "Cannot read properties of undefined (reading 'x')"),
        ("TypeError", "undefined is not an object (evaluating 'rows[0]')", "Cannot read properties of undefined (reading '0')"),
        ("TypeError", "undefined is not an object (evaluating 'k[\"some-key\"]')", "Cannot read properties of undefined (reading 'some-key')"),
        ("TypeError", "undefined is not an object (evaluating 'u.x = 1')", "Cannot set properties of undefined (setting 'x')"),
        ("TypeError", "undefined is not an object (evaluating 'u2.a.b = a === b')", "Cannot set properties of undefined (setting 'b')"),
        ("TypeError", "Attempted to assign to readonly property.", "Assignment to constant variable."),
        ("TypeError", "function is not a constructor (evaluating 'new A()')", "A is not a constructor"),
        ("ReferenceError", "Can't find variable: x", "x is not defined"),
        ("RangeError", "Maximum call stack size exceeded.", "Maximum call stack size exceeded"),
        ("SyntaxError", "Unexpected keyword 'throw'", "Unexpected token 'throw'"),
        ("SyntaxError", "Unexpected end of script", "Unexpected end of input"),
        ("SyntaxError", "Unexpected identifier 'b'. Expected '}' to end an object literal.", "Unexpected identifier 'b'"),
        ("SyntaxError", "Unexpected token ';'. Expected either a closing ']' or a ',' following an array element.", "Unexpected token ';'"),
        ("SyntaxError", "Cannot declare a const variable twice: 'q'.", "Identifier 'q' has already been declared"),
        ("SyntaxError", "Unexpected EOF", "Invalid or unexpected token"),
        ("SyntaxError", "JSON Parse error: Unexpected EOF", "Unexpected end of JSON input"),
    ])
    func nodeWording(_ name: String, _ jsc: String, _ node: String) {
        #expect(NodeErrorWording.message(name: name, jsc) == node)
    }

    /// Shapes it does not know, or whose key is not written out, stay as they are.
    @Test(arguments: [
        ("TypeError", "undefined is not an object (evaluating 'undefined')"),
        ("TypeError", "undefined is not an object (evaluating 'rows[i]')"),
        ("TypeError", "Right side of assignment cannot be destructured"),
        ("Error", "Can't find variable: x"),
        ("SyntaxError", "JSON Parse error: Unrecognized token '<'"),
    ])
    func otherMessagesStay(_ name: String, _ message: String) {
        #expect(NodeErrorWording.message(name: name, message) == message)
    }

    /// The wording reaches errors from a real context, syntax errors included.
    @Test func aContextsErrorsUseNodesWording() {
        let js = JSContext()
        do {
            try js.evaluate("nope", file: "a.js")
            Issue.record("expected a ReferenceError")
        } catch {
            #expect(error.message == "ReferenceError: nope is not defined")
        }
        #expect(throws: JSError.syntax(message: "Unexpected end of input", location: JSLocation(file: "a.js", line: 1, column: 15))) {
            try js.checkSyntax("function f() {", file: "a.js")
        }
    }
}
