import Cookies
import Foundation
// The fixtures every test target shares, visible in every file of this one.
@_exported import TestSupport
import NIOCore
import NIOPosix
import Testing
@testable import Express
@testable import Postgres

/// The PostgreSQL server the tests use: `CRUMBS_TEST_POSTGRES`, a URL whose role may create
/// databases (`.ci/run` starts a server and sets it). Without it the tests are skipped, except
/// under CI (`CI=true`), where they run and fail: a CI run must never pass without them.
enum TestPostgres {
    static let url: String? = ProcessInfo.processInfo.environment["CRUMBS_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"
    static let enabled = url != nil || isCI
    static let missing = "CRUMBS_TEST_POSTGRES is not set: set it to postgres://USER:PASSWORD@127.0.0.1:5432/postgres "
        + "(a role with CREATEDB) to run the PostgreSQL tests; .ci/run starts a server and sets it"

    /// The URL with another database.
    static func url(_ base: String, database: String) -> String {
        var components = URLComponents(string: base)!
        components.path = "/" + database
        return components.string!
    }

    /// The settings of a URL, as `pg` would resolve them.
    static func config(_ url: String) -> PGConfig {
        let c = URLComponents(string: url)!
        return PGConfig(host: c.host ?? "localhost", port: c.port ?? 5432, user: c.user ?? "postgres", password: c.password,
                        database: String(c.path.dropFirst()), idleTimeoutMillis: 1000)
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs where a PostgreSQL server is configured, and always under CI.
    static var postgres: Self { .enabled(if: TestPostgres.enabled, Comment(rawValue: TestPostgres.missing)) }
}

/// A database of the test's own on the test server, dropped when the test ends, whether it
/// passed, failed or threw.
struct TestDatabase: Sendable {
    let name: String
    let url: String
    /// A pool on the database, for looking at what the app did.
    let pool: PGPool

    static func with(_ body: (TestDatabase) async throws -> Void) async throws {
        guard let base = TestPostgres.url else {
            Issue.record("CI=true, but \(TestPostgres.missing)")
            return
        }
        let loop = MultiThreadedEventLoopGroup.singleton.next()
        let admin = PGPool(config: TestPostgres.config(base), on: loop)
        let name = "crumbs_test_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        _ = try await admin.query("CREATE DATABASE \(name)", parameters: []).get()
        let url = TestPostgres.url(base, database: name)
        let database = TestDatabase(name: name, url: url, pool: PGPool(config: TestPostgres.config(url), on: loop))
        func drop() async {
            await database.pool.end()
            // WITH (FORCE) (PostgreSQL 13): the app's connections may still be open.
            _ = await admin.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", parameters: [])
            await admin.end()
        }
        do {
            try await body(database)
        } catch {
            await drop()
            throw error
        }
        await drop()
    }

    /// Each row's values as text (`nil` for NULL): cast columns to text in the query.
    func rows(_ sql: String, _ parameters: [String?] = []) async throws -> [[String?]] {
        let results = try await pool.query(sql, parameters: parameters).get()
        return try (results.last?.rows ?? []).map { row in
            try row.map { value in
                try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed) as? String
            }
        }
    }

    func run(_ sql: String, _ parameters: [String?] = []) async throws {
        _ = try await pool.query(sql, parameters: parameters).get()
    }
}





/// Runs `body` with the app loaded, then stops it (its pools end), also when `body` throws.
/// `observe` sees every event as it is logged, from before the app's code runs.
func withApp(_ source: String, clock: TestClock = TestClock(), bytes: CountingBytes = CountingBytes(), env: [String: String] = [:],
             timeLimit: Double = 2, observe: (@Sendable (ServerEvent) -> Void)? = nil,
             _ body: (ExpressRuntime) async throws -> Void) async throws {
    let runtime = ExpressRuntime(source: source, file: "app.js", now: { clock.now }, randomBytes: { bytes.next($0) }, environment: env,
                                 timeLimit: timeLimit)
    if let observe { runtime.events.observe(EventLog.Observer(began: { _, _ in }, logged: observe)) }
    do {
        try await runtime.load()
        try await body(runtime)
    } catch {
        await runtime.stop()
        throw error
    }
    await runtime.stop()
}

extension ExpressRuntime {
    func get(_ path: String, cookie: String? = nil) async -> OutgoingResponse? {
        var headers = [HeaderField("Host", "localhost:3000")]
        if let cookie { headers.append(HeaderField("Cookie", cookie)) }
        return await handle(IncomingRequest(method: "GET", target: path, headers: headers)).response
    }

    /// The lines a request logged: console output, decisions (`module: text`) and notes.
    nonisolated func lines(since start: Int = 0) -> [String] {
        events.since(start).map(\.line)
    }
}

/// The value of a Set-Cookie header up to its first ";".
func cookiePair(_ setCookie: String) -> String {
    String(setCookie.split(separator: ";")[0])
}

/// A loopback port nothing listens on: bound, then closed.
func closedPort() throws -> Int {
    let channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton).bind(host: "127.0.0.1", port: 0).wait()
    let port = channel.localAddress?.port ?? 0
    try channel.close().wait()
    return port
}
