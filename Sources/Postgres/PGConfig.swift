import Foundation

/// Where one pool connects and how many connections it keeps: node-postgres's settings once
/// `pg` has merged the connection string, the app's object, `PG*` variables and its defaults.
public struct PGConfig: Sendable, Hashable, Decodable {
    /// A host name or address, or the folder of the server's Unix socket (it begins with "/").
    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    public var ssl: SSL
    /// pg-pool's `max`: connections open at once (10).
    public var max: Int
    /// pg-pool's `idleTimeoutMillis`: an idle connection is closed after this long (10000); 0 keeps it.
    public var idleTimeoutMillis: Int
    /// pg-pool's `connectionTimeoutMillis`: how long a connection may take to open; 0 waits as long as the system does.
    public var connectionTimeoutMillis: Int

    /// node-postgres's `ssl` option, or the connection string's `sslmode`.
    public enum SSL: String, Sendable, Hashable, Decodable {
        /// No TLS (node-postgres's default).
        case disable
        /// TLS, the server's certificate verified (`ssl: true`, `sslmode=require`).
        case require
        /// TLS without verifying the certificate (`ssl: { rejectUnauthorized: false }`, `sslmode=no-verify`).
        case noVerify = "no-verify"
    }

    public init(host: String = "localhost", port: Int = 5432, user: String, password: String? = nil, database: String? = nil,
                ssl: SSL = .disable, max: Int = 10, idleTimeoutMillis: Int = 10_000, connectionTimeoutMillis: Int = 0) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database ?? user
        self.ssl = ssl
        self.max = max
        self.idleTimeoutMillis = idleTimeoutMillis
        self.connectionTimeoutMillis = connectionTimeoutMillis
    }

    /// Reads the settings `pg` hands over as JSON.
    public static func parse(json: String) throws(PGFailure) -> PGConfig {
        do {
            let config = try JSONDecoder().decode(PGConfig.self, from: Data(json.utf8))
            guard (0..<65536).contains(config.port) else {
                throw PGFailure(kind: .client, message: "port should be >= 0 and < 65536. Received \(config.port).",
                                fields: [("code", .string("ERR_SOCKET_BAD_PORT"))])
            }
            return config
        } catch let failure as PGFailure {
            throw failure
        } catch {
            throw PGFailure(kind: .client, message: "crumbs could not read the pool's settings: \(error)")
        }
    }

    /// Where it connects, as node-postgres names it in errors: `127.0.0.1:5432`, or the socket.
    public var place: String {
        PGFailure.isSocketFolder(host) ? PGFailure.socketPath(host, port) : "\(host):\(port)"
    }
}
