import Foundation

/// The Netscape cookies.txt format that curl reads with `-b` and writes with `-c`.
extension CookieJar {
    static let cookiesTxtHeader = "# Netscape HTTP Cookie File"
    static let httpOnlyPrefix = "#HttpOnly_"

    /// The jar as cookies.txt: seven tab-separated fields per cookie (domain, include
    /// subdomains, path, secure, expiry in Unix seconds or 0 for a session cookie, name,
    /// value), with `#HttpOnly_` before the domain of an HttpOnly cookie.
    public func cookiesTxt() -> String {
        var lines = [Self.cookiesTxtHeader, "# Written by crumbs. curl reads it with -b and writes it with -c.", ""]
        // cookies.txt has no partitions: a partitioned cookie would turn into an ordinary one.
        let partitioned = cookies.count(where: { $0.partitionKey != nil })
        if partitioned > 0 {
            lines.insert("# \(partitioned) partitioned cookie\(partitioned == 1 ? "" : "s") left out: cookies.txt cannot say which top-level site a cookie belongs to.", at: 2)
        }
        for c in cookies where c.partitionKey == nil {
            let domain = (c.httpOnly ? Self.httpOnlyPrefix : "") + (c.hostOnly ? c.domain : "." + c.domain)
            let expiry = c.expiry.map { String(Int64(max(1, $0.timeIntervalSince1970.rounded(.down)))) } ?? "0"
            lines.append([domain, c.hostOnly ? "FALSE" : "TRUE", c.path, c.secure ? "TRUE" : "FALSE",
                          expiry, c.name, c.value].joined(separator: "\t"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Reads cookies.txt; each cookie gets `now` as its creation time, in file order.
    public static func parseCookiesTxt(_ text: String, at now: Date) throws(CookiesError) -> [Cookie] {
        var result: [Cookie] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            var httpOnly = false
            if line.hasPrefix(httpOnlyPrefix) {
                httpOnly = true
                line = line.dropFirst(httpOnlyPrefix.count)
            } else if line.hasPrefix("#") || line.allSatisfy({ $0 == " " || $0 == "\t" }) {
                continue
            }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func bad(_ problem: String) -> CookiesError {
                .malformedCookiesTxt(line: index + 1, text: String(rawLine), problem: problem)
            }
            guard fields.count == 7 else { throw bad("expected 7 tab-separated fields, found \(fields.count)") }
            guard let flag = Bool(cookiesTxtFlag: fields[1]), let secure = Bool(cookiesTxtFlag: fields[3]) else {
                throw bad("the second and fourth fields must be TRUE or FALSE")
            }
            guard let seconds = Int64(fields[4]) else { throw bad("the expiry \"\(fields[4])\" is not a number") }
            var domain = fields[0]
            if domain.hasPrefix(".") { domain.removeFirst() }
            guard !domain.isEmpty, !fields[5].isEmpty else { throw bad("the domain and the name must not be empty") }
            result.append(Cookie(
                name: fields[5], value: fields[6], domain: Domain.canonicalize(domain), path: fields[2],
                expiry: seconds == 0 ? nil : Date(timeIntervalSince1970: TimeInterval(seconds)),
                creation: now.addingTimeInterval(Double(result.count) * 1e-6), lastAccess: now,
                hostOnly: !flag, secure: secure, httpOnly: httpOnly))
        }
        return result
    }

    /// Adds the cookies of a cookies.txt file, replacing those with the same name, domain and path.
    public mutating func importCookiesTxt(_ text: String, at now: Date) throws(CookiesError) {
        for cookie in try Self.parseCookiesTxt(text, at: now) {
            try set(cookie)
        }
    }
}

extension Bool {
    init?(cookiesTxtFlag: String) {
        switch cookiesTxtFlag.uppercased() {
        case "TRUE": self = true
        case "FALSE": self = false
        default: return nil
        }
    }
}
