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
        // Every response's values pass here (a Set-Cookie is over a hundred bytes): over the
        // string's own storage when it has one, not byte by byte through the UTF-8 view.
        s.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy(isFieldValueByte)
        } ?? s.utf8.allSatisfy(isFieldValueByte)
    }

    private static func isFieldValueByte(_ c: UInt8) -> Bool {
        c == 0x09 || (c >= 0x20 && c != 0x7f)
    }
}
