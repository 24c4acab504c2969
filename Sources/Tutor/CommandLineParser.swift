import Foundation

/// Splits a command line into words, honouring single and double quotes and backslashes.
enum CommandLineParser {
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var escaped = false
        var inWord = false
        for ch in line {
            if escaped { current.append(ch); escaped = false; continue }
            if ch == "\\" && quote != "'" { escaped = true; inWord = true; continue }
            if let q = quote {
                if ch == q { quote = nil } else { current.append(ch) }
                continue
            }
            if ch == "\"" || ch == "'" { quote = ch; inWord = true; continue }
            if ch == " " || ch == "\t" {
                if inWord { words.append(current); current = ""; inWord = false }
                continue
            }
            current.append(ch)
            inWord = true
        }
        if inWord { words.append(current) }
        return words
    }

    /// Parses `30s`, `15m`, `2h`, `2d`, `1h30m`, or a plain number of seconds.
    static func duration(_ text: String) -> TimeInterval? {
        if let seconds = Double(text), seconds >= 0 { return seconds }
        var total: TimeInterval = 0
        var number = ""
        var sawUnit = false
        for ch in text.lowercased() {
            if ch.isNumber || ch == "." { number.append(ch); continue }
            guard let n = Double(number) else { return nil }
            switch ch {
            case "s": total += n
            case "m": total += n * 60
            case "h": total += n * 3600
            case "d": total += n * 86_400
            case "w": total += n * 604_800
            default: return nil
            }
            number = ""
            sawUnit = true
        }
        return sawUnit && number.isEmpty ? total : nil
    }

    /// "15 minutes", "2 days 3 hours": a duration in words.
    static func describe(_ seconds: TimeInterval) -> String {
        // Past about 31 million years an Int of seconds is still safe, but no one reads it.
        guard seconds.isFinite, seconds < 1e15 else { return "\(seconds) seconds" }
        var rest = Int(seconds.rounded())
        var parts: [String] = []
        for (unit, size) in [("day", 86_400), ("hour", 3600), ("minute", 60), ("second", 1)] where rest >= size {
            let n = rest / size
            rest %= size
            parts.append("\(n) \(unit)\(n == 1 ? "" : "s")")
        }
        return parts.isEmpty ? "0 seconds" : parts.joined(separator: " ")
    }
}
