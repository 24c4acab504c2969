/// Host names as cookies see them (RFC 6265 §5.1.2, §5.1.3).
public enum Domain {
    /// Canonicalises a host name: lower case (RFC 6265 §5.1.2). Non-ASCII labels are kept as
    /// they are; crumbs only talks to loopback names.
    public static func canonicalize(_ host: String) -> String {
        var h = host.lowercased()
        if h.hasSuffix("."), h.count > 1 { h.removeLast() }
        return h
    }

    /// RFC 6265 §5.1.3: does `string` domain-match `domain`?
    public static func matches(_ string: String, domain: String) -> Bool {
        if string == domain { return true }
        guard string.hasSuffix(domain), !isIPAddress(string) else { return false }
        let boundary = string.utf8.dropLast(domain.utf8.count).last
        return boundary == UInt8(ascii: ".")
    }

    /// An IPv4 dotted quad or a bracketed or bare IPv6 literal.
    public static func isIPAddress(_ host: String) -> Bool {
        if host.contains(":") { return true }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { p in
            !p.isEmpty && p.count <= 3 && p.allSatisfy(\.isASCII) && p.allSatisfy(\.isNumber) && Int(p)! <= 255
        }
    }

    /// Loopback names that browsers treat as secure contexts even over plain http
    /// (Chrome and Firefox): `localhost`, `*.localhost`, 127.0.0.0/8 and `::1`.
    public static func isLoopback(_ host: String) -> Bool {
        let h = canonicalize(host)
        if h == "localhost" || h.hasSuffix(".localhost") { return true }
        if h == "::1" || h == "[::1]" { return true }
        return isIPAddress(h) && h.hasPrefix("127.")
    }

    /// Public suffixes crumbs knows beyond top-level domains: a small, fixed excerpt of the
    /// Public Suffix List, enough for lessons about cookies that would span many sites.
    static let multiLabelSuffixes: Set<String> = [
        "co.uk", "org.uk", "ac.uk", "gov.uk", "com.au", "net.au", "co.jp", "co.nz",
        "com.br", "github.io", "gitlab.io", "herokuapp.com", "netlify.app", "vercel.app",
        "pages.dev", "workers.dev", "blogspot.com", "appspot.com",
    ]

    /// Is `domain` a public suffix, on which no site may set a cookie (RFC 6265bis §5.7)?
    /// Every single-label name (`com`, `org`, `localhost`, `test`) counts, by the Public Suffix
    /// List's default rule `*`, as does the excerpt above.
    public static func isPublicSuffix(_ domain: String) -> Bool {
        !domain.contains(".") || multiLabelSuffixes.contains(domain)
    }

    /// The registrable domain (public suffix plus one label) that names a host's site, or the
    /// host itself when it has none (an IP address, `localhost`).
    public static func registrableDomain(_ host: String) -> String {
        let h = canonicalize(host)
        if isIPAddress(h) { return h }
        let labels = h.split(separator: ".")
        guard labels.count >= 2 else { return h }
        for suffix in multiLabelSuffixes where h.hasSuffix("." + suffix) {
            let keep = suffix.split(separator: ".").count + 1
            return labels.suffix(keep).joined(separator: ".")
        }
        return labels.suffix(2).joined(separator: ".")
    }
}
