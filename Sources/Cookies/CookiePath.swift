/// Cookie paths (RFC 6265 §5.1.4).
public enum CookiePath {
    /// The default-path of a request path: its directory, or `/`.
    public static func defaultPath(of uriPath: String) -> String {
        guard uriPath.hasPrefix("/") else { return "/" }
        guard let last = uriPath.lastIndex(of: "/"), last != uriPath.startIndex else { return "/" }
        return String(uriPath[..<last])
    }

    /// Does `requestPath` path-match `cookiePath`?
    public static func matches(_ requestPath: String, cookiePath: String) -> Bool {
        if requestPath == cookiePath { return true }
        guard requestPath.hasPrefix(cookiePath) else { return false }
        if cookiePath.hasSuffix("/") { return true }
        return requestPath.dropFirst(cookiePath.count).first == "/"
    }
}
