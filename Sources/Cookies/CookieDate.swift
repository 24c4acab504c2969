import Foundation

/// The cookie-date algorithm of RFC 6265 §5.1.1, which parses the Expires attribute.
public enum CookieDate {
    /// Parses a cookie-date, or returns `nil` where the algorithm fails.
    public static func parse(_ string: String) -> Date? {
        var time: (Int, Int, Int)?
        var dayOfMonth: Int?
        var month: Int?
        var year: Int?

        // RFC 6265 §5.1.1 step 1: split into date-tokens on delimiters.
        for token in tokens(Array(string.utf8)) {
            if time == nil, let t = matchTime(token) {
                time = t
            } else if dayOfMonth == nil, let d = matchDigits(token, min: 1, max: 2) {
                dayOfMonth = d
            } else if month == nil, let m = matchMonth(token) {
                month = m
            } else if year == nil, let y = matchDigits(token, min: 2, max: 4) {
                year = y
            }
        }

        guard let (hour, minute, second) = time, let day = dayOfMonth, let month, var year else {
            return nil
        }
        // Steps 3 and 4: two-digit years.
        if (70...99).contains(year) { year += 1900 }
        if (0...69).contains(year) { year += 2000 }
        // Step 5: out-of-range values fail.
        guard (1...31).contains(day), year >= 1601, hour <= 23, minute <= 59, second <= 59 else {
            return nil
        }
        // Step 6: a date that does not exist (31 April) fails.
        guard day <= daysIn(month: month, year: year) else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Formats a date as an IMF-fixdate, the form JavaScript's `toUTCString()` and
    /// Set-Cookie use: `Thu, 01 Jan 1970 00:00:00 GMT`.
    public static func format(_ date: Date) -> String {
        let total = Int(date.timeIntervalSince1970.rounded(.down))
        var days = total / 86_400
        var rest = total % 86_400
        if rest < 0 { rest += 86_400; days -= 1 }
        let (y, m, d) = civilFromDays(days)
        let weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday (4)
        let names = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let year = y < 0 ? "-" + pad(-y, 6) : (y > 9999 ? "+" + pad(y, 6) : pad(y, 4))
        return "\(names[weekday]), \(two(d)) \(monthNames[m - 1]) \(year) "
            + "\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60)) GMT"
    }

    static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun",
                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, width - s.count)) + s
    }

    // delimiter = %x09 / %x20-2F / %x3B-40 / %x5B-60 / %x7B-7E
    private static func isDelimiter(_ b: UInt8) -> Bool {
        b == 0x09 || (0x20...0x2F).contains(b) || (0x3B...0x40).contains(b)
            || (0x5B...0x60).contains(b) || (0x7B...0x7E).contains(b)
    }

    private static func isDigit(_ b: UInt8) -> Bool { (0x30...0x39).contains(b) }

    private static func tokens(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
        bytes.split(whereSeparator: isDelimiter)
    }

    /// Reads 1*max DIGIT at `index`; the count read must be at least `min`.
    private static func digits(_ t: ArraySlice<UInt8>, from index: Int, min: Int, max: Int) -> (Int, Int)? {
        var i = index
        var value = 0
        while i < t.endIndex, isDigit(t[i]), i - index < max {
            value = value * 10 + Int(t[i] - 0x30)
            i += 1
        }
        return i - index >= min ? (value, i) : nil
    }

    /// `n*mDIGIT ( non-digit *OCTET )`: the digits may be followed only by a non-digit.
    private static func matchDigits(_ t: ArraySlice<UInt8>, min: Int, max: Int) -> Int? {
        guard let (value, end) = digits(t, from: t.startIndex, min: min, max: max) else { return nil }
        if end < t.endIndex, isDigit(t[end]) { return nil }
        return value
    }

    /// `hms-time ( non-digit *OCTET )` with `time-field = 1*2DIGIT`.
    private static func matchTime(_ t: ArraySlice<UInt8>) -> (Int, Int, Int)? {
        guard let (h, i1) = digits(t, from: t.startIndex, min: 1, max: 2),
              i1 < t.endIndex, t[i1] == UInt8(ascii: ":"),
              let (m, i2) = digits(t, from: i1 + 1, min: 1, max: 2),
              i2 < t.endIndex, t[i2] == UInt8(ascii: ":"),
              let (s, i3) = digits(t, from: i2 + 1, min: 1, max: 2)
        else { return nil }
        if i3 < t.endIndex, isDigit(t[i3]) { return nil }
        return (h, m, s)
    }

    /// `month = ( "jan" / … / "dec" ) *OCTET`, case-insensitively.
    private static func matchMonth(_ t: ArraySlice<UInt8>) -> Int? {
        guard t.count >= 3 else { return nil }
        let prefix = String(decoding: t.prefix(3), as: UTF8.self).lowercased()
        guard let index = monthNames.firstIndex(where: { $0.lowercased() == prefix }) else { return nil }
        return index + 1
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 in the proleptic Gregorian calendar.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
