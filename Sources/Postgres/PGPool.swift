import Foundation
import NIOCore
import NIOPosix
import PostgresNIO

/// pg-pool's Pool over postgres-nio connections: connections open lazily, up to `max` at once,
/// each query takes an idle one or opens a new one (a query waits when `max` are busy), and an
/// idle connection closes after `idleTimeoutMillis`. Like node-postgres, a query whose
/// connection cannot be made fails at once with the system's error (`connect ECONNREFUSED`),
/// rather than waiting for the server to come back.
///
/// (postgres-nio's own PostgresClient retries a failed connection in the background and keeps
/// queries waiting meanwhile, which is not what an app written for `pg` sees.)
public actor PGPool {
    public nonisolated let config: PGConfig
    private let loop: any EventLoop
    private var idle: [(connection: PostgresConnection, timer: Scheduled<Void>?)] = []
    /// Connections open or opening.
    private var open = 0
    private var nextID = 1
    private var waiting: [CheckedContinuation<Handoff, Never>] = []
    private var ended = false
    private var logger: Logger = {
        var logger = Logger(label: "crumbs.pg")
        logger.logLevel = .critical
        return logger
    }()

    /// What a waiting query is handed: a connection another query released, or room to open one.
    private enum Handoff {
        case connection(PostgresConnection)
        case room
        case ended
    }

    /// A pool whose connections live on `loop` (the app's own, as Node's sockets share its thread).
    public init(config: PGConfig, on loop: any EventLoop) {
        self.config = config
        self.loop = loop
    }

    /// Runs `sql` with `parameters` (text, or `nil` for NULL, their types left for the server to
    /// infer, as node-postgres sends them). Without parameters a text of several statements runs
    /// them in turn, as the simple protocol would; each gives a result. A text with no statement
    /// only makes sure a connection can be had.
    public func query(_ sql: String, parameters: [String?]) async -> Result<[PGResult], PGFailure> {
        let connection: PostgresConnection
        switch await acquire() {
        case .success(let c): connection = c
        case .failure(let failure): return .failure(failure)
        }
        do {
            var results: [PGResult] = []
            // A text of nothing but spaces and comments only connects (`Client#connect`).
            let statements = parameters.isEmpty ? PGStatements.split(sql) : [sql]
            for statement in statements {
                var bindings = PostgresBindings(capacity: parameters.count)
                for parameter in parameters {
                    if let parameter { bindings.append(PGParameter(text: parameter)) } else { bindings.appendNull() }
                }
                let answer = try await connection.query(PostgresQuery(unsafeSQL: statement, binds: bindings), logger: logger).get()
                results.append(try PGResult(tag: Self.tag(answer.metadata), rows: answer.rows))
            }
            release(connection)
            return .success(results)
        } catch {
            if connection.isClosed { dropped() } else { release(connection) }
            return .failure(PGFailure(error, host: config.host, port: config.port))
        }
    }

    /// pg-pool's `end()`: no more queries; idle connections close now, busy ones when their query ends.
    public func end() async {
        ended = true
        let closing = idle
        idle.removeAll()
        open -= closing.count
        for entry in closing {
            entry.timer?.cancel()
            try? await entry.connection.close().get()
        }
        for waiter in waiting { waiter.resume(returning: .ended) }
        waiting.removeAll()
    }

    /// Connections open now (idle or busy), for tests.
    public var openConnections: Int { open }

    // MARK: Connections

    private func acquire() async -> Result<PostgresConnection, PGFailure> {
        while true {
            if ended { return .failure(.poolEnded) }
            while let entry = idle.popLast() {
                entry.timer?.cancel()
                if !entry.connection.isClosed { return .success(entry.connection) }
                open -= 1
            }
            if open < max(1, config.max) {
                open += 1
                do {
                    return .success(try await connect())
                } catch {
                    open -= 1
                    // A query waiting for room may try in its turn (pg-pool's _pulseQueue).
                    if !waiting.isEmpty { waiting.removeFirst().resume(returning: .room) }
                    return .failure(PGFailure(error, host: config.host, port: config.port))
                }
            }
            switch await withCheckedContinuation({ waiting.append($0) }) {
            case .connection(let c): return .success(c)
            case .room: continue
            case .ended: return .failure(.poolEnded)
            }
        }
    }

    private func connect() async throws -> PostgresConnection {
        var configuration: PostgresConnection.Configuration
        if PGFailure.isSocketFolder(config.host) {
            configuration = .init(unixSocketPath: PGFailure.socketPath(config.host, config.port), username: config.user,
                                  password: config.password, database: config.database)
        } else {
            let tls: PostgresConnection.Configuration.TLS
            switch config.ssl {
            case .disable:
                tls = .disable
            case .require, .noVerify:
                var settings = TLSConfiguration.makeClientConfiguration()
                if config.ssl == .noVerify { settings.certificateVerification = .none }
                tls = .require(try NIOSSLContext(configuration: settings))
            }
            configuration = .init(host: config.host, port: config.port, username: config.user, password: config.password,
                                  database: config.database, tls: tls)
        }
        // node-postgres waits as long as the system does; postgres-nio needs a limit.
        configuration.options.connectTimeout = config.connectionTimeoutMillis > 0
            ? .milliseconds(Int64(config.connectionTimeoutMillis)) : .seconds(75)
        let id = nextID
        nextID += 1
        do {
            return try await PostgresConnection.connect(on: loop, configuration: configuration, id: id, logger: logger).get()
        } catch let error as PSQLError where config.connectionTimeoutMillis == 0 {
            // Without pg-pool's limit, Node reports the system's: connect ETIMEDOUT.
            if let channel = error.underlying as? ChannelError, case .connectTimeout = channel {
                throw PGFailure.system(errno: ETIMEDOUT, address: config.host, port: config.port)
            }
            throw error
        }
    }

    private func release(_ connection: PostgresConnection) {
        if ended {
            open -= 1
            connection.close().whenComplete { _ in }
            return
        }
        if !waiting.isEmpty {
            waiting.removeFirst().resume(returning: .connection(connection))
            return
        }
        var timer: Scheduled<Void>?
        if config.idleTimeoutMillis > 0 {
            timer = loop.scheduleTask(in: .milliseconds(Int64(config.idleTimeoutMillis))) { [weak self] in
                guard let self else { return }
                Task { await self.closeIdle(connection) }
            }
        }
        idle.append((connection, timer))
    }

    /// A connection the server or the network closed under a query.
    private func dropped() {
        open -= 1
        if !waiting.isEmpty { waiting.removeFirst().resume(returning: .room) }
    }

    private func closeIdle(_ connection: PostgresConnection) async {
        guard let index = idle.firstIndex(where: { $0.connection === connection }) else { return }
        idle.remove(at: index)
        open -= 1
        try? await connection.close().get()
    }

    /// node-postgres's `command` and `rowCount` come from the tag; postgres-nio has read it.
    static func tag(_ metadata: PostgresQueryMetadata) -> String {
        var parts = [metadata.command]
        if let oid = metadata.oid { parts.append(String(oid)) }
        if let rows = metadata.rows { parts.append(String(rows)) }
        return parts.joined(separator: " ")
    }
}

/// A parameter as node-postgres sends it: text, of a type the server infers from the query
/// (OID 0), so `to_timestamp($1)` takes a number and `$1` into a json column takes JSON text.
struct PGParameter: PostgresDynamicTypeEncodable {
    var text: String
    var psqlType: PostgresDataType { .null }
    var psqlFormat: PostgresFormat { .text }

    func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer, context: PostgresEncodingContext<JSONEncoder>) {
        byteBuffer.writeString(text)
    }
}
