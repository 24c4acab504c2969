import Cookies
import Foundation
import Testing
@testable import Express
@testable import Postgres

/// `require("pg")` against a real server: values converted as pg-types converts them,
/// parameters prepared as node-postgres prepares them, results and errors in its shape.
@Suite(.postgres, .serialized, .timeLimit(.minutes(1))) struct PGModuleTests {
    @Test func valuesComeBackAsNodePostgresGivesThem() async throws {
        try await TestDatabase.with { db in
            try await withApp("""
                const { Pool } = require("pg");
                const pool = new Pool({ connectionString: process.env.DATABASE_URL });
                const app = require("express")();
                app.get("/", async (req, res) => {
                  const r = await pool.query(`SELECT $1::int AS n, $2::text AS t, '{"a": [1, 2]}'::json AS j, '{"b": 1}'::jsonb AS jb,
                    12345678901234::int8 AS big, 1.5::float8 AS f, true AS b, NULL::text AS z, to_timestamp(0) AS ts,
                    '1.50'::numeric AS n1, '-0.0012'::numeric AS n2, '10000'::numeric AS n3, 'NaN'::numeric AS n4,
                    '123456789.000001'::numeric AS n5, ARRAY[1, NULL, 3] AS ints, ARRAY['x', 'y"z'] AS texts,
                    '7d3f7c5e-1f2a-4b3c-8d4e-5f6a7b8c9d0e'::uuid AS id, '10:30:00.25'::time AS tm`, [41 + 1, "hé"]);
                  res.json({ command: r.command, rowCount: r.rowCount, row: r.rows[0], isDate: r.rows[0].ts instanceof Date,
                             fields: r.fields.map(f => f.name + ":" + f.dataTypeID).join(" ") });
                });
                app.get("/local", async (req, res) => {
                  const { rows } = await pool.query("SELECT '2024-01-15 12:34:56.789'::timestamp AS ts, '2024-01-15'::date AS d");
                  const { ts, d } = rows[0];
                  res.json([ts.getFullYear(), ts.getMonth(), ts.getDate(), ts.getHours(), ts.getMinutes(), ts.getSeconds(), ts.getMilliseconds(),
                            d.getFullYear(), d.getMonth(), d.getDate(), d.getHours()]);
                });
                app.get("/params", async (req, res) => {
                  const r = await pool.query("SELECT $1::timestamptz AS t, $2::int[] AS a, $3::json AS o, $4::text AS n, $5::text AS s",
                    [new Date(86400000), [1, 2, 3], { a: [1, "x"] }, null, { toPostgres: () => "custom" }]);
                  res.json(r.rows[0]);
                });
                app.listen(3000);
                """, env: ["DATABASE_URL": db.url]) { app in
                #expect(await app.get("/")?.body == #"""
                    {"command":"SELECT","rowCount":1,"row":{"n":42,"t":"hé","j":{"a":[1,2]},"jb":{"b":1},"big":"12345678901234","f":1.5,"b":true,"z":null,"ts":"1970-01-01T00:00:00.000Z","n1":"1.50","n2":"-0.0012","n3":"10000","n4":"NaN","n5":"123456789.000001","ints":[1,null,3],"texts":["x","y\"z"],"id":"7d3f7c5e-1f2a-4b3c-8d4e-5f6a7b8c9d0e","tm":"10:30:00.25"},"isDate":true,"fields":"n:23 t:25 j:114 jb:3802 big:20 f:701 b:16 z:25 ts:1184 n1:1700 n2:1700 n3:1700 n4:1700 n5:1700 ints:1007 texts:1009 id:2950 tm:1083"}
                    """#)
                // A timestamp without a time zone, and a date, read in local time, as pg-types does.
                #expect(await app.get("/local")?.body == "[2024,0,15,12,34,56,789,2024,0,15,0]")
                #expect(await app.get("/params")?.body == #"{"t":"1970-01-02T00:00:00.000Z","a":[1,2,3],"o":{"a":[1,"x"]},"n":null,"s":"custom"}"#)
            }
        }
    }

    /// A query takes no time of the app's JavaScript: a route awaiting one for a second is not
    /// stopped by a time limit of 0.2 s, and other requests are answered meanwhile, as in Node.
    @Test func aQueryInFlightHoldsUpNothing() async throws {
        try await TestDatabase.with { db in
            try await withApp("""
                const { Pool } = require("pg");
                const pool = new Pool({ connectionString: process.env.DATABASE_URL });
                const app = require("express")();
                const order = [];
                app.get("/slow", async (req, res) => {
                  const { rows } = await pool.query("SELECT pg_sleep(1)::text AS slept, $1::text AS who", ["slow"]);
                  order.push(rows[0].who);
                  res.send(order.join(" "));
                });
                app.get("/fast", (req, res) => { order.push("fast"); res.send(order.join(" ")); });
                app.listen(3000);
                """, env: ["DATABASE_URL": db.url], timeLimit: 0.2) { app in
                let start = app.events.count
                async let slow = app.get("/slow")
                try await Task.sleep(for: .milliseconds(300))
                #expect(await app.get("/fast")?.body == "fast")
                #expect(await slow?.body == "fast slow")
                #expect(app.lines(since: start).filter { !$0.hasPrefix("express") } == [])
            }
        }
    }

    @Test func commandsCountTheirRowsAndSeveralStatementsGiveSeveralResults() async throws {
        try await TestDatabase.with { db in
            try await withApp("""
                const pg = require("pg");
                const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
                const app = require("express")();
                app.get("/", async (req, res) => {
                  const made = await pool.query("CREATE TABLE t (n int); INSERT INTO t VALUES (1), (2), (3)");
                  const updated = await pool.query("UPDATE t SET n = n + 1 WHERE n > $1", [1]);
                  const deleted = await pool.query("DELETE FROM t WHERE n = $1", [4]);
                  const rows = await pool.query({ text: "SELECT n FROM t ORDER BY n", rowMode: "array" });
                  const describe = (r) => [r.command, r.rowCount, r.oid];
                  res.json([made.map(describe), describe(updated), describe(deleted), rows.rows]);
                });
                app.get("/client", (req, res) => {
                  const client = new pg.Client(process.env.DATABASE_URL);
                  client.connect((err) => {
                    if (err) return res.status(500).send(err.message);
                    client.query("SELECT count(*) AS c FROM t", (err, r) => {
                      client.end();
                      res.send(err ? err.message : `count: ${r.rows[0].c}`);
                    });
                  });
                });
                app.get("/end", async (req, res) => {
                  await pool.end();
                  pool.query("SELECT 1").catch((err) => res.send(err.message));
                });
                app.listen(3000);
                """, env: ["DATABASE_URL": db.url]) { app in
                #expect(await app.get("/")?.body == #"[[["CREATE",null,null],["INSERT",3,0]],["UPDATE",2,null],["DELETE",1,null],[[1],[3]]]"#)
                #expect(await app.get("/client")?.body == "count: 2")
                #expect(await app.get("/end")?.body == "Cannot use a pool after calling end on the pool")
            }
        }
    }

    @Test func theServersErrorIsADatabaseErrorWithItsFields() async throws {
        try await TestDatabase.with { db in
            try await withApp("""
                const { Pool, DatabaseError } = require("pg");
                const pool = new Pool({ connectionString: process.env.DATABASE_URL });
                const app = require("express")();
                app.get("/", (req, res) => {
                  pool.query("SELECT * FROM missing_table", (err) => {
                    res.json({ name: err.name, message: err.message, code: err.code, severity: err.severity, position: err.position,
                               routine: err.routine, detail: err.detail, keys: Object.keys(err).join(" "),
                               kinds: [err instanceof Error, err instanceof DatabaseError] });
                  });
                });
                app.get("/zero", (req, res) => { pool.query("SELECT 1/0").catch((err) => res.status(500).send(String(err))); });
                app.listen(3000);
                """, env: ["DATABASE_URL": db.url]) { app in
                #expect(await app.get("/")?.body == #"""
                    {"name":"error","message":"relation \"missing_table\" does not exist","code":"42P01","severity":"ERROR","position":"15","routine":"parserOpenTable","keys":"length severity code detail hint position internalPosition internalQuery where schema table column dataType constraint file line routine","kinds":[true,true]}
                    """#)
                #expect(await app.get("/zero")?.body == "error: division by zero")
            }
        }
    }
}

/// What needs no server: an unreachable one, statements split as the simple protocol runs them,
/// and the note on a failure.
@Suite(.timeLimit(.minutes(1))) struct PGPartsTests {
    /// Nothing listens on the port: node-postgres's error is Node's `net` error, and crumbs
    /// notes how to start PostgreSQL here. Needs no server.
    @Test func anUnreachableServerIsNodesConnectError() async throws {
        let port = try closedPort()
        try await withApp("""
            const { Pool } = require("pg");
            const pool = new Pool({ host: "127.0.0.1", port: \(port), user: "crumbs", database: "crumbs" });
            const app = require("express")();
            app.get("/", (req, res) => {
              pool.query("SELECT 1", (err) => {
                console.log(err);
                res.json({ text: String(err), message: err.message, errno: err.errno, code: err.code, syscall: err.syscall,
                           address: err.address, port: err.port, keys: Object.keys(err) });
              });
            });
            app.listen(3000);
            """) { app in
            let handled = await app.handle(IncomingRequest(method: "GET", target: "/", headers: [.init("Host", "x")]))
            #expect(handled.response?.body == """
                {"text":"Error: connect ECONNREFUSED 127.0.0.1:\(port)","message":"connect ECONNREFUSED 127.0.0.1:\(port)","errno":-111,"code":"ECONNREFUSED","syscall":"connect","address":"127.0.0.1","port":\(port),"keys":["errno","code","syscall","address","port"]}
                """)
            let config = PGConfig(host: "127.0.0.1", port: port, user: "crumbs")
            let note = try #require(PGAdvice.installed().note(for: .system(errno: ECONNREFUSED, address: "127.0.0.1", port: port), config: config))
            #expect(app.events.events(forRequest: handled.id).map(\.line) == ["pg: " + note, """
                Error: connect ECONNREFUSED 127.0.0.1:\(port) {
                  errno: -111,
                  code: 'ECONNREFUSED',
                  syscall: 'connect',
                  address: '127.0.0.1',
                  port: \(port)
                }
                """])
        }
    }
    @Test func aTextSplitsIntoStatementsAtSemicolonsOutsideQuotesAndComments() {
        #expect(PGStatements.split("CREATE TABLE a (x int);\n\nALTER TABLE a ADD y text;\n\nCREATE INDEX i ON a (x);\n")
                == ["CREATE TABLE a (x int)", "ALTER TABLE a ADD y text", "CREATE INDEX i ON a (x)"])
        #expect(PGStatements.split("SELECT 'a;b', \"c;d\", E'\\';' ; -- x; y\nSELECT $$;$$, $t$ $$; $t$ /* ; /* ; */ */")
                == ["SELECT 'a;b', \"c;d\", E'\\';' ", "-- x; y\nSELECT $$;$$, $t$ $$; $t$ /* ; /* ; */ */"])
        #expect(PGStatements.split("  -- only a comment;\n ; ") == [])
        #expect(PGStatements.split("SELECT 1") == ["SELECT 1"])
    }

    @Test func theNoteSaysHowToStartTheServerThisMachineHas() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("crumbs-pg-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: root) }
        let files = FileManager.default
        try files.createDirectory(at: root.appendingPathComponent("usr/lib/postgresql/15/bin"), withIntermediateDirectories: true)
        let refused = PGFailure.system(errno: ECONNREFUSED, address: "127.0.0.1", port: 5432)
        let local = PGConfig(host: "127.0.0.1", port: 5432, user: "ada")
        #expect(PGAdvice.installed(root: root).note(for: refused, config: local)
                == "is PostgreSQL running on 127.0.0.1:5432? PostgreSQL 15 is installed but has no cluster: create and start one with `pg_createcluster 15 main --port 5432 --start`.")
        for (version, name, conf) in [("15", "main", "port = 5432\t\t\t\t# (change requires restart)\n"), ("9.6", "old", "#port = 1\nport=5499\n")] {
            let folder = root.appendingPathComponent("etc/postgresql/\(version)/\(name)")
            try files.createDirectory(at: folder, withIntermediateDirectories: true)
            try conf.write(to: folder.appendingPathComponent("postgresql.conf"), atomically: true, encoding: .utf8)
        }
        let advice = PGAdvice.installed(root: root)
        #expect(advice.clusters == [.init(version: "15", name: "main", port: 5432), .init(version: "9.6", name: "old", port: 5499)])
        #expect(advice.note(for: refused, config: local)
                == "is PostgreSQL running on 127.0.0.1:5432? Start it with `pg_ctlcluster 15 main start` (as root or the postgres user).")
        #expect(advice.note(for: .system(errno: ECONNREFUSED, address: "127.0.0.1", port: 5499), config: PGConfig(host: "localhost", port: 5499, user: "ada"))
                == "is PostgreSQL running on localhost:5499? Start it with `pg_ctlcluster 9.6 old start` (as root or the postgres user).")
        #expect(advice.note(for: .system(errno: ECONNREFUSED, address: "127.0.0.1", port: 6000), config: PGConfig(host: "127.0.0.1", port: 6000, user: "ada"))
                == "is PostgreSQL running on 127.0.0.1:6000? No cluster here uses port 6000 (15/main uses 5432): connect to that port, or create one with `pg_createcluster 15 crumbs --port 6000 --start`.")
        #expect(PGAdvice(clusters: [], versions: []).note(for: refused, config: local)
                == "is PostgreSQL running on 127.0.0.1:5432? It is not installed here: on Debian or Ubuntu, `apt-get install postgresql` installs it and starts it on port 5432.")
        #expect(advice.note(for: .system(errno: ECONNREFUSED, address: "10.0.0.5", port: 5432), config: PGConfig(host: "db.example", port: 5432, user: "ada"))
                == "is PostgreSQL running on db.example:5432? Check that it is, and that it accepts connections from this machine (listen_addresses, pg_hba.conf).")
        let missing = PGFailure(kind: .database, message: "database \"shop\" does not exist", fields: [("code", .string("3D000"))])
        #expect(advice.note(for: missing, config: PGConfig(user: "ada", database: "shop"))
                == "database \"shop\" does not exist: create it with `createdb shop` (or CREATE DATABASE), or connect to another.")
        #expect(advice.note(for: PGFailure(kind: .database, message: "x", fields: [("code", .string("42P01"))]), config: local) == nil)
    }
}
