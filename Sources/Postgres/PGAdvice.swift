import Foundation

/// What crumbs adds when a query fails for a reason a learner fixes outside the app: the
/// server is not running (and how to start the one installed on this machine), the database
/// or the password is wrong. The error itself stays node-postgres's; this is a note beside it.
public struct PGAdvice: Sendable {
    /// A cluster of Debian's postgresql-common: `/etc/postgresql/VERSION/NAME/postgresql.conf`.
    public struct Cluster: Sendable, Hashable {
        public var version: String
        public var name: String
        public var port: Int

        public init(version: String, name: String, port: Int) {
            self.version = version
            self.name = name
            self.port = port
        }
    }

    public var clusters: [Cluster]
    /// The PostgreSQL versions installed (`/usr/lib/postgresql/VERSION`).
    public var versions: [String]

    public init(clusters: [Cluster], versions: [String]) {
        self.clusters = clusters
        self.versions = versions
    }

    /// What this machine has: its clusters and installed versions, read from `root` (`/`).
    public static func installed(root: URL = URL(fileURLWithPath: "/")) -> PGAdvice {
        let files = FileManager.default
        let configs = root.appendingPathComponent("etc/postgresql")
        var clusters: [Cluster] = []
        for version in Self.numbered((try? files.contentsOfDirectory(atPath: configs.path)) ?? []) {
            let names = ((try? files.contentsOfDirectory(atPath: configs.appendingPathComponent(version).path)) ?? []).sorted()
            for name in names {
                let conf = configs.appendingPathComponent("\(version)/\(name)/postgresql.conf")
                guard let text = try? String(contentsOf: conf, encoding: .utf8) else { continue }
                clusters.append(Cluster(version: version, name: name, port: Self.port(inConf: text)))
            }
        }
        let binaries = root.appendingPathComponent("usr/lib/postgresql")
        return PGAdvice(clusters: clusters, versions: Self.numbered((try? files.contentsOfDirectory(atPath: binaries.path)) ?? []))
    }

    /// Version folders, newest first ("9.6" < "15").
    static func numbered(_ names: [String]) -> [String] {
        names.filter { !$0.isEmpty && $0.allSatisfy { $0.isNumber || $0 == "." } }
            .sorted { $0.compare($1, options: .numeric) == .orderedDescending }
    }

    /// `port = 5433` in postgresql.conf (5432 when it is not set).
    static func port(inConf text: String) -> Int {
        for line in text.split(separator: "\n") {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let parts = content.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2, parts[0] == "port", let port = Int(parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "'"))) {
                return port
            }
        }
        return 5432
    }

    /// The note for `failure` on a pool with `config`, or `nil` when there is nothing to add.
    public func note(for failure: PGFailure, config: PGConfig) -> String? {
        let place = config.place
        let code = failure.code ?? ""
        switch (failure.kind, code) {
        case (.system, "ECONNREFUSED"), (.aggregate, "ECONNREFUSED"), (.system, "ENOENT"):
            let question = "is PostgreSQL running on \(place)?"
            guard Self.isLocal(config.host) else {
                return "\(question) Check that it is, and that it accepts connections from this machine (listen_addresses, pg_hba.conf)."
            }
            return "\(question) \(start(port: config.port))."
        case (.system, "ETIMEDOUT"), (.system, "EHOSTUNREACH"), (.system, "ENETUNREACH"):
            return "nothing answered from \(place): check the host and port, and that no firewall is in the way."
        case (.system, "ENOTFOUND"):
            return "the host name \"\(config.host)\" does not resolve: check the host in the connection string."
        case (.database, "28P01"):
            return "the server refused the password of role \"\(config.user)\": check the user and password in the connection string."
        case (.database, "28000"):
            return "the server refused role \"\(config.user)\" on this connection: check that the role exists and that pg_hba.conf lets it in."
        case (.database, "3D000"):
            return "database \"\(config.database)\" does not exist: create it with `createdb \(config.database)` (or CREATE DATABASE), or connect to another."
        default:
            return nil
        }
    }

    /// How to start the server that should listen on `port` here.
    func start(port: Int) -> String {
        if let cluster = clusters.first(where: { $0.port == port }) {
            return "Start it with `pg_ctlcluster \(cluster.version) \(cluster.name) start` (as root or the postgres user)"
        }
        if let other = clusters.first {
            return "No cluster here uses port \(port) (\(other.version)/\(other.name) uses \(other.port)): "
                + "connect to that port, or create one with `pg_createcluster \(other.version) crumbs --port \(port) --start`"
        }
        if let version = versions.first {
            return "PostgreSQL \(version) is installed but has no cluster: create and start one with `pg_createcluster \(version) main --port \(port) --start`"
        }
        return "It is not installed here: on Debian or Ubuntu, `apt-get install postgresql` installs it and starts it on port 5432"
    }

    /// The hosts whose server a learner starts on this machine.
    static func isLocal(_ host: String) -> Bool {
        host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]" || PGFailure.isSocketFolder(host)
    }
}
