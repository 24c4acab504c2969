import Foundation
import NIOCore
import NIOPosix
import PostgresNIO

/// Why a query failed, in the shape node-postgres gives it to JavaScript: a system error of
/// Node's `net` module (`connect ECONNREFUSED 127.0.0.1:5432`, with `errno`, `code`, `syscall`,
/// `address`, `port`), an `AggregateError` of them when every address of a host refused, the
/// server's own error (pg-protocol's `DatabaseError`, whose name is `error`, with the SQLSTATE
/// as `code`), or one of node-postgres's own errors ("Connection terminated unexpectedly").
public struct PGFailure: Error, Sendable, Equatable {
    public enum Kind: Sendable, Hashable {
        /// A failed system call, as Node's `net` reports it.
        case system
        /// Several system errors at once (Node 20 tried each address of the host).
        case aggregate
        /// The server's ErrorResponse.
        case database
        /// An error of node-postgres or pg-pool itself.
        case client
    }

    public var kind: Kind
    public var message: String
    /// The properties the error object carries, in the order node-postgres sets them; a `nil`
    /// value is a property that is there but `undefined` (the server did not send that field).
    public var fields: [(String, Value?)]
    /// An aggregate's errors.
    public var errors: [PGFailure] = []

    /// A property's value.
    public enum Value: Sendable, Hashable {
        case string(String)
        case number(Int)
    }

    public init(kind: Kind, message: String, fields: [(String, Value?)] = [], errors: [PGFailure] = []) {
        self.kind = kind
        self.message = message
        self.fields = fields
        self.errors = errors
    }

    public static func == (a: PGFailure, b: PGFailure) -> Bool {
        a.kind == b.kind && a.message == b.message && a.errors == b.errors
            && a.fields.map(\.0) == b.fields.map(\.0) && a.fields.map(\.1) == b.fields.map(\.1)
    }

    /// The `code` property: an errno name or a SQLSTATE.
    public var code: String? {
        guard case .string(let code)?? = fields.first(where: { $0.0 == "code" })?.1 else { return nil }
        return code
    }

    /// pg-pool's error for a query on a pool that `end()` closed.
    public static let poolEnded = PGFailure(kind: .client, message: "Cannot use a pool after calling end on the pool")
    /// node-postgres's error when the server closes the connection during a query.
    public static let terminated = PGFailure(kind: .client, message: "Connection terminated unexpectedly")
    /// pg-pool's error when `connectionTimeoutMillis` passed before a connection was made.
    public static let connectTimeout = PGFailure(kind: .client, message: "timeout exceeded when trying to connect")

    // MARK: From postgres-nio and NIO

    /// The failure node-postgres would report for an error of postgres-nio or NIO while
    /// connecting to `host`:`port` (a folder for a Unix socket) or running a query.
    public init(_ error: any Error, host: String, port: Int) {
        if let failure = error as? PGFailure {
            self = failure
            return
        }
        if let psql = error as? PSQLError {
            self = Self.from(psql, host: host, port: port)
            return
        }
        if let connection = error as? NIOConnectionError {
            self = Self.from(connection, host: host, port: port)
            return
        }
        if let io = error as? IOError {
            self = Self.system(errno: io.errnoCode, address: Self.isSocketFolder(host) ? Self.socketPath(host, port) : host, port: port)
            return
        }
        if let channel = error as? ChannelError, case .connectTimeout = channel {
            self = .connectTimeout
            return
        }
        self = PGFailure(kind: .client, message: "\(error)")
    }

    private static func from(_ error: PSQLError, host: String, port: Int) -> PGFailure {
        switch error.code {
        case .server:
            guard let info = error.serverInfo else { return PGFailure(kind: .client, message: "\(error)") }
            return database(info)
        case .connectionError:
            if let underlying = error.underlying { return PGFailure(underlying, host: host, port: port) }
            return PGFailure(kind: .client, message: "Connection terminated unexpectedly")
        case .serverClosedConnection, .uncleanShutdown:
            return .terminated
        case .clientClosedConnection:
            return PGFailure(kind: .client, message: "Client was closed and is not queryable")
        case .authMechanismRequiresPassword:
            // pg's SASL client, when the server asks for a password none was given.
            return PGFailure(kind: .client, message: "SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string")
        case .sslUnsupported:
            return PGFailure(kind: .client, message: "The server does not support SSL connections")
        default:
            if let underlying = error.underlying { return PGFailure(underlying, host: host, port: port) }
            return PGFailure(kind: .client, message: "\(error.code)")
        }
    }

    /// pg-protocol's `parseErrorMessage`: the fields of an ErrorResponse, under its names.
    static func database(_ info: PSQLError.ServerInfo) -> PGFailure {
        let named: [(String, PSQLError.ServerInfo.Field)] = [
            ("severity", .localizedSeverity), ("code", .sqlState), ("detail", .detail), ("hint", .hint),
            ("position", .position), ("internalPosition", .internalPosition), ("internalQuery", .internalQuery),
            ("where", .locationContext), ("schema", .schemaName), ("table", .tableName), ("column", .columnName),
            ("dataType", .dataTypeName), ("constraint", .constraintName), ("file", .file), ("line", .line),
            ("routine", .routine),
        ]
        // The message's length as the protocol counts it: its length word, each field's type
        // byte, text and terminator, and the closing zero.
        let every: [PSQLError.ServerInfo.Field] = named.map(\.1) + [.severity, .message]
        let length = 4 + 1 + every.reduce(0) { sum, field in sum + (info[field].map { $0.utf8.count + 2 } ?? 0) }
        var fields: [(String, Value?)] = [("length", .number(length))]
        for (name, field) in named { fields.append((name, info[field].map(Value.string))) }
        return PGFailure(kind: .database, message: info[.message] ?? "", fields: fields)
    }

    private static func from(_ error: NIOConnectionError, host: String, port: Int) -> PGFailure {
        let failures = error.connectionErrors.map { single -> PGFailure in
            let errno = (single.error as? IOError)?.errnoCode ?? ECONNREFUSED
            return system(errno: errno, address: single.target.ipAddress ?? host, port: single.target.port ?? port)
        }
        if failures.isEmpty {
            // Node: `getaddrinfo ENOTFOUND host`.
            return PGFailure(kind: .system, message: "getaddrinfo ENOTFOUND \(host)", fields: [
                ("errno", .number(-3008)), ("code", .string("ENOTFOUND")), ("syscall", .string("getaddrinfo")),
                ("hostname", .string(host)),
            ])
        }
        if failures.count == 1 { return failures[0] }
        // Node 20's autoSelectFamily: an AggregateError carrying the first error's code.
        return PGFailure(kind: .aggregate, message: "", fields: [("code", failures[0].fields.first { $0.0 == "code" }?.1 ?? nil)],
                         errors: failures)
    }

    /// Node's `connect ECONNREFUSED 127.0.0.1:5432` for a failed connect(2).
    static func system(errno: CInt, address: String, port: Int) -> PGFailure {
        let code = errnoNames[errno] ?? "E\(errno)"
        let socket = address.hasPrefix("/")
        let place = socket ? address : "\(address):\(port)"
        var fields: [(String, Value?)] = [
            ("errno", .number(-Int(errno))), ("code", .string(code)), ("syscall", .string("connect")), ("address", .string(address)),
        ]
        if !socket { fields.append(("port", .number(port))) }
        return PGFailure(kind: .system, message: "connect \(code) \(place)", fields: fields)
    }

    /// The errno names Node reports for a failed connect.
    static let errnoNames: [CInt: String] = [
        ECONNREFUSED: "ECONNREFUSED", ETIMEDOUT: "ETIMEDOUT", EHOSTUNREACH: "EHOSTUNREACH", ENETUNREACH: "ENETUNREACH",
        ECONNRESET: "ECONNRESET", ENOENT: "ENOENT", EACCES: "EACCES", EADDRNOTAVAIL: "EADDRNOTAVAIL", EPERM: "EPERM",
    ]

    /// node-postgres takes a host that begins with "/" for the folder of the server's socket.
    static func isSocketFolder(_ host: String) -> Bool { host.hasPrefix("/") }

    /// The socket node-postgres connects to in that folder.
    static func socketPath(_ folder: String, _ port: Int) -> String {
        (folder.hasSuffix("/") ? folder : folder + "/") + ".s.PGSQL.\(port)"
    }

    // MARK: As JavaScript reads it

    /// `{"kind": …, "message": …, "fields": [[name, value], …], "errors": […]}`; a missing
    /// value is `null` here and `undefined` on the error object.
    public var json: String {
        var out = "{\"kind\":\"\(kind)\",\"message\":\(JSONText.quote(message)),\"fields\":["
        out += fields.map { name, value in
            let v: String = switch value {
            case .string(let s)?: JSONText.quote(s)
            case .number(let n)?: String(n)
            case nil: "null"
            }
            return "[\(JSONText.quote(name)),\(v)]"
        }.joined(separator: ",")
        out += "],\"errors\":[" + errors.map(\.json).joined(separator: ",") + "]}"
        return out
    }
}
