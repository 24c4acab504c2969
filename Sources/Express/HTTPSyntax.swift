/// The grammar a header must follow before it goes on the wire.
enum HTTPSyntax {
    /// RFC 9110 §5.6.2: token = 1*tchar.
    static func isToken(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { c in
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                return true
            default:
                return "!#$%&'*+-.^_`|~".utf8.contains(c)
            }
        }
    }

    /// RFC 9110 §5.5: a field value holds no control character but horizontal tab (no CR, LF
    /// or NUL, which would end the line or the header).
    static func isFieldValue(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 == 0x09 || ($0 >= 0x20 && $0 != 0x7f) }
    }
}
