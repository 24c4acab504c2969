/// Node's (V8's) wording for the errors learners meet most, from JavaScriptCore's. Learners
/// paste error messages into search engines and compare them with answers written for Node, so
/// crumbs shows `res.sned is not a function`, not JavaScriptCore's `res.sned is not a function.
/// (In 'res.sned("oops")', 'res.sned' is undefined)`. Each form is recognised by its shape; a
/// message of any other shape is left as it is.
public enum NodeErrorWording {
    /// The message V8 gives where JavaScriptCore gave `message` for an error named `name`.
    public static func message(name: String, _ message: String) -> String {
        switch name {
        case "TypeError": return typeError(message) ?? message
        case "ReferenceError": return referenceError(message) ?? message
        case "SyntaxError": return syntaxError(message) ?? message
        case "RangeError": return message == "Maximum call stack size exceeded." ? "Maximum call stack size exceeded" : message
        default: return message
        }
    }

    static func typeError(_ m: String) -> String? {
        // "f is not a function. (In 'f()', 'f' is undefined)" → "f is not a function"
        if let r = m.range(of: " is not a function. (In '"), m.hasSuffix(")") {
            return String(m[..<r.lowerBound]) + " is not a function"
        }
        // "undefined is not an object (evaluating 'a.b.c')" → "Cannot read properties of
        // undefined (reading 'c')"; "… (evaluating 'a.b = 1')" → "Cannot set properties of
        // undefined (setting 'b')".
        for value in ["undefined", "null"] {
            let head = "\(value) is not an object (evaluating '"
            guard m.hasPrefix(head), m.hasSuffix("')") else { continue }
            var expression = Substring(m.dropFirst(head.count).dropLast(2))
            var verb = ("read", "reading")
            if let assignment = assignmentTarget(expression) {
                expression = assignment
                verb = ("set", "setting")
            }
            guard let key = lastKey(expression) else { return nil }
            return "Cannot \(verb.0) properties of \(value) (\(verb.1) '\(key)')"
        }
        if m == "Attempted to assign to readonly property." { return "Assignment to constant variable." }
        // "function is not a constructor (evaluating 'new A()')" → "A is not a constructor"
        if let r = m.range(of: " is not a constructor (evaluating 'new "), m.hasSuffix("')") {
            let callee = m[r.upperBound...].prefix { $0 != "(" && $0 != "'" }
            if !callee.isEmpty { return "\(callee) is not a constructor" }
        }
        return nil
    }

    static func referenceError(_ m: String) -> String? {
        // "Can't find variable: x" → "x is not defined"
        let head = "Can't find variable: "
        if m.hasPrefix(head) { return "\(m.dropFirst(head.count)) is not defined" }
        return nil
    }

    static func syntaxError(_ m: String) -> String? {
        if m == "Unexpected end of script" { return "Unexpected end of input" }
        if m == "Unexpected EOF" { return "Invalid or unexpected token" }
        if m.hasPrefix("JSON Parse error: Unexpected EOF") { return "Unexpected end of JSON input" }
        // "Cannot declare a const variable twice: 'q'." → "Identifier 'q' has already been declared"
        for kind in ["const", "let", "class"] {
            let head = "Cannot declare a \(kind) variable twice: '"
            if m.hasPrefix(head), m.hasSuffix("'.") {
                return "Identifier '\(m.dropFirst(head.count).dropLast(2))' has already been declared"
            }
        }
        // "Unexpected keyword 'throw'" → "Unexpected token 'throw'"; the sentence JavaScriptCore
        // adds after the token ("…. Expected '}' to end an object literal.") goes.
        guard m.hasPrefix("Unexpected ") else { return nil }
        var first = Substring(m)
        if let r = m.range(of: "'. ") { first = m[..<m.index(after: r.lowerBound)] }
        if first.hasPrefix("Unexpected keyword '") { return "Unexpected token '" + first.dropFirst("Unexpected keyword '".count) }
        if first.hasPrefix("Unexpected number ") { return "Unexpected number" }
        if first.hasPrefix("Unexpected string literal ") { return "Unexpected string" }
        return first == Substring(m) ? nil : String(first)
    }

    /// The left side of `a.b = 1` (a plain `=`, outside brackets, quotes and parentheses).
    static func assignmentTarget(_ expression: Substring) -> Substring? {
        var depth = 0
        var quote: Character?
        var previous: Character = " "
        for i in expression.indices {
            let c = expression[i]
            if let q = quote {
                if c == q && previous != "\\" { quote = nil }
            } else if c == "'" || c == "\"" || c == "`" {
                quote = c
            } else if c == "(" || c == "[" || c == "{" {
                depth += 1
            } else if c == ")" || c == "]" || c == "}" {
                depth -= 1
            } else if c == "=", depth == 0, !"=!<>+-*/%&|^".contains(previous) {
                let next = expression.index(after: i)
                if next == expression.endIndex || expression[next] != "=" {
                    return Substring(expression[..<i].trimmingTrailingSpaces())
                }
            }
            previous = c
        }
        return nil
    }

    /// The property an expression reads last: `c` in `a.b.c`, `0` in `a[0]`, `k` in `a["k"]`;
    /// `nil` when it is not a property read or the key is not written out.
    static func lastKey(_ expression: Substring) -> String? {
        let e = expression.trimmingTrailingSpaces()
        if e.hasSuffix("]") {
            guard let open = e.lastIndex(of: "[") else { return nil }
            let inside = e[e.index(after: open)..<e.index(before: e.endIndex)]
            if inside.allSatisfy(\.isNumber), !inside.isEmpty { return String(inside) }
            if let q = inside.first, q == "'" || q == "\"", inside.count >= 2, inside.last == q {
                return String(inside.dropFirst().dropLast())
            }
            return nil
        }
        let name = e.reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "$" }
        guard !name.isEmpty else { return nil }
        let rest = e.dropLast(name.count)
        guard rest.hasSuffix(".") else { return nil }
        return String(name.reversed())
    }
}

extension StringProtocol {
    func trimmingTrailingSpaces() -> SubSequence {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " { end = index(before: end) }
        return self[startIndex..<end]
    }
}
