import Foundation

/// A Set-Cookie header parsed as RFC 6265 §5.2 says, before the jar decides on it.
public struct SetCookie: Sendable, Hashable {
    public var name: String
    public var value: String
    /// The raw Expires text, and what the cookie-date algorithm made of it.
    public var expires: Date?
    public var expiresText: String?
    /// Max-Age in seconds, when it was a valid delta.
    public var maxAge: Int?
    /// The Domain attribute with a leading dot removed, lower-cased.
    public var domain: String?
    /// The Path attribute, when it was present and began with `/`.
    public var path: String?
    public var secure: Bool = false
    public var httpOnly: Bool = false
    public var sameSite: SameSite?
    /// The Partitioned attribute (CHIPS): keep the cookie per top-level site.
    public var partitioned: Bool = false
    /// Attributes the parser passed over, each with why.
    public var ignored: [String] = []

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

extension SetCookie {
    /// Why a Set-Cookie string was ignored entirely.
    public enum ParseFailure: Error, Sendable, Hashable, CustomStringConvertible {
        case emptyNameAndValue(String)
        case controlCharacter(String)
        case tooLarge(Int)

        public var reason: CookieReason {
            switch self {
            case .emptyNameAndValue: .emptyNameAndValue
            case .controlCharacter: .controlCharacter
            case .tooLarge: .tooLarge
            }
        }

        public var description: String {
            switch self {
            case .emptyNameAndValue(let pair): reason.text(["pair": pair])
            case .controlCharacter(let text): reason.text(["text": text])
            case .tooLarge(let size): reason.text(["size": String(size)])
            }
        }
    }

    /// The limit on name plus value, and on one attribute value (RFC 6265bis §5.6).
    public static let maxNameValueBytes = 4096
    public static let maxAttributeValueBytes = 1024

    /// Parses a Set-Cookie header value (RFC 6265 §5.2).
    public static func parse(_ header: String) -> Result<SetCookie, ParseFailure> {
        // Like browsers and the http-state corpus, a CR, LF or NUL ends the header.
        var text = header
        if let cut = text.firstIndex(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
            text = String(text[..<cut])
        }
        // RFC 6265bis §5.6 step 1: any other control character (but HTAB) voids it.
        if text.unicodeScalars.contains(where: { ($0.value < 0x20 && $0.value != 0x09) || $0.value == 0x7F }) {
            return .failure(.controlCharacter(text))
        }

        // RFC 6265 §5.2 steps 1–5: the name-value-pair runs up to the first ";".
        let pair: Substring
        let rest: Substring
        if let semi = text.firstIndex(of: ";") {
            pair = text[..<semi]
            rest = text[text.index(after: semi)...]
        } else {
            pair = text[...]
            rest = ""
        }
        // RFC 6265bis §5.6 step 2: without "=", the name is empty and the whole pair is the
        // value (a nameless cookie, which browsers keep).
        let name: String
        let value: String
        if let eq = pair.firstIndex(of: "=") {
            name = trim(pair[..<eq])
            value = trim(pair[pair.index(after: eq)...])
        } else {
            name = ""
            value = trim(pair)
        }
        // RFC 6265bis §5.6, §5.7: only an empty name together with an empty value is ignored.
        guard !name.isEmpty || !value.isEmpty else { return .failure(.emptyNameAndValue(trim(pair))) }
        let size = name.utf8.count + value.utf8.count
        guard size <= maxNameValueBytes else { return .failure(.tooLarge(size)) }

        var cookie = SetCookie(name: name, value: value)
        for av in rest.split(separator: ";", omittingEmptySubsequences: false) {
            cookie.apply(attribute: av)
        }
        return .success(cookie)
    }

    /// RFC 6265 §5.2 steps on each cookie-av; the last of each attribute wins (§5.3).
    private mutating func apply(attribute av: Substring) {
        let attrName: String
        let attrValue: String
        if let eq = av.firstIndex(of: "=") {
            attrName = trim(av[..<eq])
            attrValue = trim(av[av.index(after: eq)...])
        } else {
            attrName = trim(av)
            attrValue = ""
        }
        guard !attrName.isEmpty else { return }
        if attrValue.utf8.count > Self.maxAttributeValueBytes {
            ignored.append(CookieReason.ignoredLongAttribute.text(["attribute": attrName]))
            return
        }
        switch attrName.lowercased() {
        case "expires":
            // RFC 6265 §5.2.1
            if let date = CookieDate.parse(attrValue) {
                expires = date
                expiresText = attrValue
            } else {
                ignored.append(CookieReason.ignoredExpires.text(["value": attrValue]))
            }
        case "max-age":
            // RFC 6265 §5.2.2: a leading "-" or digit, then digits only.
            if let delta = Self.parseDelta(attrValue) {
                maxAge = delta
            } else {
                ignored.append(CookieReason.ignoredMaxAge.text(["value": attrValue]))
            }
        case "domain":
            // RFC 6265 §5.2.3: an empty value is ignored; a leading dot is dropped.
            if attrValue.isEmpty {
                ignored.append(CookieReason.ignoredEmptyDomain.text([:]))
            } else {
                var d = attrValue
                if d.hasPrefix(".") { d.removeFirst() }
                domain = d.lowercased()
            }
        case "path":
            // RFC 6265 §5.2.4: a value that does not start with "/" means the default path.
            if attrValue.hasPrefix("/") {
                path = attrValue
            } else {
                path = nil
                ignored.append(attrValue.isEmpty ? CookieReason.ignoredEmptyPath.text([:])
                               : CookieReason.ignoredRelativePath.text(["value": attrValue]))
            }
        case "secure":
            secure = true  // RFC 6265 §5.2.5
        case "httponly":
            httpOnly = true  // RFC 6265 §5.2.6
        case "samesite":
            // RFC 6265bis §5.6.7
            sameSite = SameSite(attributeValue: attrValue)
            if sameSite == nil { ignored.append(CookieReason.ignoredSameSite.text(["value": attrValue])) }
        case "partitioned":
            partitioned = true  // CHIPS (draft-cutler-httpbis-partitioned-cookies)
        default:
            break
        }
    }

    private static func parseDelta(_ s: String) -> Int? {
        guard let first = s.first, first == "-" || first.isASCIIDigit,
              s.dropFirst().allSatisfy(\.isASCIIDigit), s != "-"
        else { return nil }
        // A delta too large for Int is still a valid, very distant expiry.
        return Int(s) ?? (first == "-" ? Int.min : Int.max)
    }
}

/// Trims SP and HTAB (WSP) from both ends.
func trim<S: StringProtocol>(_ s: S) -> String {
    var scalars = Substring(s).unicodeScalars[...]
    while let f = scalars.first, f == " " || f == "\t" { scalars.removeFirst() }
    while let l = scalars.last, l == " " || l == "\t" { scalars.removeLast() }
    return String(String.UnicodeScalarView(scalars))
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
