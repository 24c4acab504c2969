import Cookies
import Foundation
import NIOCore
import NIOPosix

/// The simulated browser: named profiles with their own cookie jars, one virtual clock, and
/// an HTTP client that reaches servers on this machine.
public actor Browser {
    public static let defaultProfile = "default"
    public static let userAgent = "crumbs-browser/1.0"
    public static let maxRedirects = 20

    public nonisolated let clock: VirtualClock
    /// Where a bare path goes: the current lesson step's server.
    public var baseURL: CookieURL
    /// How long to wait for a response before reporting that none came.
    public var timeout: TimeInterval
    public private(set) var currentProfile = Browser.defaultProfile
    /// The browser whose cookie rules apply (Chrome unless switched), and the learner's
    /// third-party override.
    public private(set) var rules = CookieRules()
    private var jars: [String: CookieJar] = [Browser.defaultProfile: CookieJar()]
    /// Host names mapped to loopback addresses, beyond localhost and `*.localhost`.
    private var hosts: [String: String]
    private let client: HTTPClient

    public init(clock: VirtualClock = .system(), baseURL: CookieURL = CookieURL(host: "localhost", port: 3000),
                timeout: TimeInterval = 3, hosts: [String: String] = [:],
                group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.clock = clock
        self.baseURL = baseURL
        self.timeout = timeout
        self.hosts = hosts
        self.client = HTTPClient(group: group)
    }

    public func setBaseURL(_ url: CookieURL) { baseURL = url }
    public func setTimeout(_ seconds: TimeInterval) { timeout = seconds }

    /// The server says the request sent from `localPort` waits with nothing queued that could
    /// answer it, its next timer due in `nextTimerIn` seconds (nil: none): unless that comes
    /// before the browser would give up, the wait ends now with the time-out's outcome. Called
    /// on the server's thread, with no hop and no task.
    public nonisolated func quiet(localPort: Int, nextTimerIn: TimeInterval?) {
        client.quiet(localPort: localPort, nextTimerIn: nextTimerIn)
    }

    /// Whether cookies on cross-site subresource requests are blocked, by the browser (Safari)
    /// or by the learner's override.
    public var blocksThirdPartyCookies: Bool { rules.thirdParty == .block }

    /// `thirdparty block|allow`: an explicit override of the browser's own policy.
    public func setBlocksThirdPartyCookies(_ block: Bool) { rules.thirdPartyOverride = block ? .block : .allow }

    /// Overrides the browser's third-party policy; `nil` goes back to the browser's own.
    public func setThirdPartyOverride(_ policy: ThirdPartyPolicy?) { rules.thirdPartyOverride = policy }

    /// Switches the rules to another browser's; the jars stay as they are, and an override of
    /// the third-party policy is dropped (each browser brings its own).
    public func setBrowserKind(_ kind: BrowserKind) {
        rules = CookieRules(browser: kind)
    }

    // MARK: Profiles

    /// The profiles in the order of their names, the default first.
    public var profiles: [String] {
        [Self.defaultProfile] + jars.keys.filter { $0 != Self.defaultProfile }.sorted()
    }

    /// Switches to a profile, creating it with an empty jar if it is new. Returns whether it was new.
    @discardableResult
    public func switchProfile(to name: String) throws(BrowserError) -> Bool {
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw .invalidProfileName(name)
        }
        currentProfile = name
        if jars[name] == nil {
            jars[name] = CookieJar()
            return true
        }
        return false
    }

    /// The current profile's jar, or a named one's.
    public func jar(_ profile: String? = nil) -> CookieJar {
        jars[profile ?? currentProfile] ?? CookieJar()
    }

    private func withJar<T>(_ body: (inout CookieJar) throws(CookiesError) -> T) throws(CookiesError) -> T {
        var jar = jars[currentProfile] ?? CookieJar()
        defer { jars[currentProfile] = jar }
        return try body(&jar)
    }

    // MARK: Browser operations

    /// Closes the browser: every profile's session cookies go, persistent ones stay.
    @discardableResult
    public func close() -> [Cookie] {
        var gone: [Cookie] = []
        for name in jars.keys { gone += jars[name]!.closeBrowser() }
        return gone
    }

    /// A fresh browser: every profile gone, the default one empty and current.
    public func reset() {
        jars = [Self.defaultProfile: CookieJar()]
        currentProfile = Self.defaultProfile
        rules = CookieRules()
    }

    /// What the browser holds (every profile's cookies, the current profile, the cookie rules),
    /// to put back later with `restore`.
    public struct State: Sendable, Equatable {
        fileprivate var jars: [String: CookieJar]
        fileprivate var currentProfile: String
        fileprivate var rules: CookieRules
    }

    public var state: State { State(jars: jars, currentProfile: currentProfile, rules: rules) }

    /// Puts back what the browser held when `state` was taken.
    public func restore(_ state: State) {
        jars = state.jars
        currentProfile = state.currentProfile
        rules = state.rules
    }

    /// Clears the current profile's cookies.
    public func clearCookies() {
        jars[currentProfile]?.removeAll()
    }

    /// Sets a cookie by hand, as DevTools allows: the current site's host-only cookie unless a
    /// domain is given; an existing one keeps its other attributes.
    public func setCookie(name: String, value: String, domain: String? = nil, path: String? = nil) throws(CookiesError) {
        let now = clock.now
        let host = domain.map(Domain.canonicalize) ?? baseURL.host
        try withJar { jar throws(CookiesError) in
            var cookie = jar.cookie(named: name, domain: host, path: path)
                ?? jar.cookie(named: name, domain: domain == nil ? nil : host, path: path)
                ?? Cookie(name: name, value: value, domain: host, path: path ?? "/", creation: now)
            cookie.value = value
            cookie.lastAccess = now
            try jar.set(cookie)
        }
    }

    /// Deletes cookies by name (and domain and path, when given); returns what went.
    @discardableResult
    public func deleteCookie(name: String, domain: String? = nil, path: String? = nil) throws(BrowserError) -> [Cookie] {
        let gone = jars[currentProfile]!.remove(named: name, domain: domain.map(Domain.canonicalize), path: path)
        guard !gone.isEmpty else { throw .noSuchCookie(name) }
        return gone
    }

    /// What `document.cookie` shows to a page at `target` (a path or URL).
    public func documentCookie(_ target: String = "/") throws(BrowserError) -> CookieSelection {
        let url = try resolve(target)
        let now = clock.now
        var jar = jars[currentProfile]!
        let selection = jar.documentCookie(for: url, rules: rules, at: now)
        jars[currentProfile] = jar
        return selection
    }

    /// A script on the page at `target` assigns `document.cookie = text`.
    public func assignDocumentCookie(_ text: String, on target: String = "/") throws(BrowserError) -> StoreDecision {
        let url = try resolve(target)
        let now = clock.now
        return jars[currentProfile]!.store(text, from: url, context: RequestContext(api: .script, rules: rules), at: now)
    }

    /// The current profile's jar as a Netscape cookies.txt.
    public func exportCookiesTxt() -> String { jar().cookiesTxt() }

    /// Adds cookies from a Netscape cookies.txt to the current profile.
    public func importCookiesTxt(_ text: String) throws(CookiesError) {
        let now = clock.now
        try withJar { jar throws(CookiesError) in try jar.importCookiesTxt(text, at: now) }
    }

    /// Expired cookies leave the jar as time passes; this removes them now and returns them.
    @discardableResult
    public func removeExpired() -> [Cookie] {
        let now = clock.now
        return jars[currentProfile]!.removeExpired(at: now)
    }

    // MARK: Requests

    /// Resolves a path or URL against the base URL.
    public func resolve(_ target: String) throws(BrowserError) -> CookieURL {
        let trimmed = target.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased().hasPrefix("https://") { throw .unsupportedScheme(trimmed) }
        if trimmed.contains("://") {
            guard var url = CookieURL(string: trimmed) else { throw .invalidURL(target) }
            // A lesson names other sites without a port (http://shop.localhost/): they are all
            // the lesson's server.
            if url.port == nil, Self.isLocalName(url.host) { url.port = baseURL.port }
            return url
        }
        guard trimmed.hasPrefix("/"), let url = baseURL.resolving(trimmed) else { throw .invalidURL(target) }
        return url
    }

    /// Whether `target` names the base URL's server: a path, or a local name without a port
    /// (which `resolve` sends to the base URL's port).
    public static func goesToBase(_ target: String) -> Bool {
        let trimmed = target.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("/") { return true }
        guard trimmed.contains("://"), let url = CookieURL(string: trimmed) else { return false }
        return url.port == nil && isLocalName(url.host)
    }

    /// The loopback address a host name goes to, as browsers send `*.localhost` to 127.0.0.1.
    func address(of host: String) throws(BrowserError) -> String {
        if let mapped = hosts[host] { return mapped }
        if Self.isLocalName(host) { return "127.0.0.1" }
        if Domain.isLoopback(host) { return host }
        throw .unreachableHost(host)
    }

    /// `localhost`, `*.localhost` (secure contexts, as in browsers) and `*.test` (RFC 6761's
    /// reserved names; plain http, not secure) all go to this machine.
    public static func isLocalName(_ host: String) -> Bool {
        host == "localhost" || host.hasSuffix(".localhost") || host.hasSuffix(".test")
    }

    /// Sends a request as the current profile: the jar's cookies go out, every Set-Cookie is
    /// stored in order, redirects are followed as a browser follows them.
    public func send(_ request: BrowserRequest) async throws(BrowserError) -> Exchange {
        let profile = currentProfile
        let startedAt = clock.now
        let jarBefore = jars[profile]!.cookies
        var url = try resolve(request.target)
        let initiator: CookieURL?
        if let from = request.initiator {
            initiator = from.contains("://") ? CookieURL(string: from) : CookieURL(host: from)
            if initiator == nil { throw .invalidURL(from) }
        } else {
            initiator = nil
        }
        var method = request.method
        var body = request.body
        var hops: [Hop] = []

        while true {
            let context = RequestContext(method: method, initiator: initiator,
                                         isTopLevelNavigation: request.isTopLevelNavigation,
                                         rules: rules)
            let hop = try await perform(method: method, url: url, request: request, body: body,
                                        context: context, profile: profile)
            hops.append(hop)
            guard let response = hop.response, [301, 302, 303, 307, 308].contains(response.status),
                  let location = response.headers["Location"], let next = url.resolving(location)
            else { break }
            if hops.count > Self.maxRedirects { throw .tooManyRedirects(Self.maxRedirects, next.description) }
            // RFC 9110 §15.4 and Fetch §4.4: 303 (but for HEAD), and 301/302 after POST, become
            // GET without a body; 307 and 308 keep the method and the body.
            if (response.status == 303 && method != "HEAD") || ([301, 302].contains(response.status) && method == "POST") {
                method = "GET"
                body = nil
            }
            url = next
        }
        return Exchange(profile: profile, rules: rules, startedAt: startedAt, hops: hops,
                        jarBefore: jarBefore, jarAfter: jars[profile]!.cookies)
    }

    private func perform(method: String, url: CookieURL, request: BrowserRequest, body: BrowserRequest.Body?,
                         context: RequestContext, profile: String) async throws(BrowserError) -> Hop {
        let address = try address(of: url.host)
        let selection = jars[profile]!.cookies(for: url, context: context, at: clock.now)
        var headers = [HeaderField("Host", url.port.map { "\(url.host):\($0)" } ?? url.host),
                       HeaderField("User-Agent", Self.userAgent),
                       HeaderField("Accept", "*/*")]
        headers += request.headers.filter { !["host", "cookie", "content-length"].contains($0.name.lowercased()) }
        if let cookie = selection.header { headers.append(HeaderField("Cookie", cookie)) }
        var bytes: [UInt8] = []
        if let body {
            let encoded = body.encoded
            bytes = encoded.bytes
            if headers["Content-Type"] == nil { headers.append(HeaderField("Content-Type", encoded.contentType)) }
            headers.append(HeaderField("Content-Length", String(bytes.count)))
        }
        let sent = SentRequest(method: method, url: url, headers: headers, body: bytes)
        let port = url.port ?? 80

        let result: Hop.Result
        do {
            let response = try await client.send(address: address, port: port, method: method, target: url.target,
                                                 headers: headers, body: bytes, timeout: timeout)
            result = .response(response)
        } catch HTTPClient.Failure.timedOut {
            result = .noResponse(after: timeout)
        } catch is CancellationError {
            result = .failed("cancelled (Ctrl-C) while waiting for the response")
        } catch HTTPClient.Failure.closedEarly {
            result = .failed("the server closed the connection without a response")
        } catch ChannelError.connectTimeout {
            throw .connectionFailed(url.origin, "the connection timed out")
        } catch {
            if HTTPClient.isRefused(error) { throw .noServer(url.origin) }
            throw .connectionFailed(url.origin, "\(error)")
        }

        var stored: [StoreDecision] = []
        if case .response(let response) = result {
            let now = clock.now
            for header in response.setCookies {
                stored.append(jars[profile]!.store(header, from: url, context: context, at: now))
            }
        }
        return Hop(request: sent, cookies: selection, result: result, stored: stored)
    }
}
