/// What a step's goals can see: the browser's jar, the server's store, the last exchange and
/// the server's console. The tutor takes this snapshot; goals run against it.
public struct World: Sendable, Hashable, Codable {
    public struct CookieInfo: Sendable, Hashable, Codable {
        public var name: String
        public var value: String
        public var domain: String
        public var path: String
        /// Milliseconds since 1970, or nil for a session cookie.
        public var expires: Double?
        public var session: Bool
        public var httpOnly: Bool
        public var secure: Bool
        public var sameSite: String?
        public var hostOnly: Bool

        public init(name: String, value: String, domain: String, path: String, expires: Double?, session: Bool,
                    httpOnly: Bool, secure: Bool, sameSite: String?, hostOnly: Bool) {
            self.name = name
            self.value = value
            self.domain = domain
            self.path = path
            self.expires = expires
            self.session = session
            self.httpOnly = httpOnly
            self.secure = secure
            self.sameSite = sameSite
            self.hostOnly = hostOnly
        }
    }

    public struct SessionInfo: Sendable, Hashable, Codable {
        public var id: String
        /// The stored JSON text.
        public var json: String
        public init(id: String, json: String) {
            self.id = id
            self.json = json
        }
    }

    public struct ExchangeInfo: Sendable, Hashable, Codable {
        public var method: String
        public var path: String
        /// nil when no response came.
        public var status: Int?
        /// Response headers by lower-case name (repeated ones joined with ", ", Set-Cookie aside).
        public var headers: [String: String]
        public var body: String
        public var setCookies: [String]
        public var timedOut: Bool
        /// The Cookie header the browser sent, if any.
        public var cookieSent: String?
        /// The page that started the request (`--from`), when another one did.
        public var from: String?
        /// An image or fetch (`--subresource`) rather than a navigation.
        public var subresource = false

        public init(method: String, path: String, status: Int?, headers: [String: String], body: String,
                    setCookies: [String], timedOut: Bool, cookieSent: String?) {
            self.method = method
            self.path = path
            self.status = status
            self.headers = headers
            self.body = body
            self.setCookies = setCookies
            self.timedOut = timedOut
            self.cookieSent = cookieSent
        }
    }

    /// Whether the step's server runs, and why not when its code failed.
    public struct ServerInfo: Sendable, Hashable, Codable {
        public var running: Bool
        /// The first line of the error that stopped it from starting.
        public var error: String?
        public init(running: Bool, error: String? = nil) {
            self.running = running
            self.error = error
        }
    }

    public var jar: [CookieInfo]
    public var store: [SessionInfo]
    public var last: ExchangeInfo?
    /// Every exchange of the step, oldest first.
    public var exchanges: [ExchangeInfo]
    public var log: [String]
    /// What `document.cookie` shows on the current server's `/`.
    public var documentCookie: String
    /// The current profile's name.
    public var profile: String
    public var server: ServerInfo

    public init(jar: [CookieInfo] = [], store: [SessionInfo] = [], last: ExchangeInfo? = nil, exchanges: [ExchangeInfo] = [],
                log: [String] = [], documentCookie: String = "", profile: String = "default",
                server: ServerInfo = ServerInfo(running: false)) {
        self.jar = jar
        self.store = store
        self.last = last
        self.exchanges = exchanges
        self.log = log
        self.documentCookie = documentCookie
        self.profile = profile
        self.server = server
    }
}
