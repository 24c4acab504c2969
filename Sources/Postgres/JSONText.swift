import Foundation

/// JSON text written by hand, for results that cross into JavaScript as one string.
enum JSONText {
    /// A JSON string literal (RFC 8259 §7).
    static func quote(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where ch.value < 0x20: out += String(format: "\\u%04x", ch.value)
            default: out.unicodeScalars.append(ch)
            }
        }
        return out + "\""
    }

    /// A number as JSON has it; NaN and the infinities, which JSON lacks, as strings.
    static func number(_ n: Double) -> String {
        guard n.isFinite else { return n.isNaN ? "\"NaN\"" : (n > 0 ? "\"Infinity\"" : "\"-Infinity\"") }
        if n == n.rounded(), abs(n) < 1e15 { return String(Int64(n)) }
        return "\(n)"
    }
}
