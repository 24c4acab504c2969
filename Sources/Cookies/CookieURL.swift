import Foundation

/// The parts of a URL that cookies depend on: scheme, host, port and path.
public struct CookieURL: Sendable, Hashable, CustomStringConvertible {
    public var scheme: String
    /// The canonical (lower-case) host.
    public var host: String
    public var port: Int?
    /// The percent-decoded path, never empty.
    public var path: String
    /// The path and query as they go on the request line.
    public var target: String

    public init(scheme: String = "http", host: String, port: Int? = nil, path: String = "/", query: String? = nil) {
        self.scheme = scheme.lowercased()
        self.host = Domain.canonicalize(host)
        self.port = port
        self.path = path.isEmpty ? "/" : path
        self.target = self.path + (query.map { "?" + $0 } ?? "")
    }

    /// Parses an absolute http or https URL.
    public init?(string: String) {
        guard let c = URLComponents(string: string), let scheme = c.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = c.host, !host.isEmpty
        else { return nil }
        self.scheme = scheme
        self.host = Domain.canonicalize(host)
        self.port = c.port
        let raw = c.percentEncodedPath.isEmpty ? "/" : c.percentEncodedPath
        self.path = raw.removingPercentEncoding ?? raw
        self.target = raw + (c.percentEncodedQuery.map { "?" + $0 } ?? "")
    }

    /// Resolves a reference (a Location header, a bare path) against this URL (RFC 3986 §5.2).
    public func resolving(_ reference: String) -> CookieURL? {
        guard let base = URL(string: description), let url = URL(string: reference, relativeTo: base) else {
            return nil
        }
        return CookieURL(string: url.absoluteString)
    }

    /// https, or a loopback host, which Chrome and Firefox treat as a secure context
    /// (`CookieRules.isSecure` applies each browser's own rule).
    public var isSecureContext: Bool { scheme == "https" || Domain.isLoopback(host) }

    /// The origin: scheme, host and port.
    public var origin: String {
        let defaultPort = scheme == "https" ? 443 : 80
        let hostPart = host.contains(":") ? "[\(host)]" : host
        if let port, port != defaultPort { return "\(scheme)://\(hostPart):\(port)" }
        return "\(scheme)://\(hostPart)"
    }

    /// The schemeful site (scheme plus registrable domain) that SameSite compares.
    public var site: String { "\(scheme)://\(Domain.registrableDomain(host))" }

    public var description: String { origin + target }
}
