import Cookies
import Foundation
import Testing
@testable import Express
@testable import Postgres

/// An app with connect-pg-simple's store: /login saves a user, /me reads it, /logout destroys it.
func storeApp(_ options: String = "conString: process.env.DATABASE_URL, createTableIfMissing: true, pruneSessionInterval: false") -> String {
    """
    const express = require("express");
    const session = require("express-session");
    const PGStore = require("connect-pg-simple")(session);
    const signature = require("cookie-signature");
    const app = express();
    app.get("/health", (req, res) => res.send("ok"));
    app.get("/sign/:id", (req, res) => res.send(encodeURIComponent("s:" + signature.sign(req.params.id, "keyboard cat"))));
    app.use(session({ store: new PGStore({ \(options) }), secret: "keyboard cat", resave: false, saveUninitialized: false,
                      cookie: { maxAge: 60000 } }));
    app.get("/login", (req, res) => { req.session.user = "ada"; res.send("hi " + req.session.user); });
    app.get("/me", (req, res) => res.send(req.session.user ? "you are " + req.session.user : "who are you?"));
    app.get("/logout", (req, res) => req.session.destroy(() => res.send("bye")));
    app.listen(3000);
    """
}

/// connect-pg-simple 9 on a real server: its table, its queries, expiry on the app's clock.
@Suite(.postgres, .serialized, .timeLimit(.minutes(1))) struct PGStoreTests {
    /// The decisions connect-pg-simple logged for one request.
    static func storeLines(_ app: ExpressRuntime, _ handled: ExpressRuntime.Handled) -> [String] {
        app.events.events(forRequest: handled.id).map(\.line).filter { $0.hasPrefix("connect-pg-simple: ") }
    }

    @Test func createTableIfMissingMakesThePackagesTable() async throws {
        try await TestDatabase.with { db in
            try await withApp(storeApp(), env: ["DATABASE_URL": db.url]) { app in
                let login = await app.handle(IncomingRequest(method: "GET", target: "/login", headers: [HeaderField("Host", "x")]))
                #expect(login.response?.body == "hi ada")
                #expect(Self.storeLines(app, login) == [
                    "connect-pg-simple: createTableIfMissing: table \"session\" did not exist, so it was created as the package's table.sql has it (sid varchar primary key, sess json, expire timestamp(6), an index on expire)",
                    "connect-pg-simple: set: session \(sessionID(1).prefix(8))… written to \"session\" (INSERT … ON CONFLICT (sid) DO UPDATE), expire 2024-01-15T12:01:00.000Z (its cookie's expiry)",
                ])
            }
            #expect(try await db.rows("""
                SELECT column_name::text, data_type::text, is_nullable::text, datetime_precision::text FROM information_schema.columns
                WHERE table_name = 'session' ORDER BY ordinal_position
                """) == [
                    ["sid", "character varying", "NO", nil], ["sess", "json", "NO", nil], ["expire", "timestamp without time zone", "NO", "6"],
                ])
            #expect(try await db.rows("SELECT indexname::text, indexdef FROM pg_indexes WHERE tablename = 'session' ORDER BY indexname") == [
                ["IDX_session_expire", "CREATE INDEX \"IDX_session_expire\" ON public.session USING btree (expire)"],
                ["session_pkey", "CREATE UNIQUE INDEX session_pkey ON public.session USING btree (sid)"],
            ])
            #expect(try await db.rows("SELECT conname::text, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'session'::regclass")
                    == [["session_pkey", "PRIMARY KEY (sid)"]])
        }
    }

    @Test func setGetTouchDestroyAndExpiryAsThePackageQueriesThem() async throws {
        try await TestDatabase.with { db in
            let clock = TestClock()
            // (The request that finds no session makes id 2, and does not save it.)
            let sid1 = sessionID(1), sid2 = sessionID(3)
            let rows = "SELECT sid, sess::text, extract(epoch FROM expire::timestamptz)::bigint::text FROM session ORDER BY expire"
            try await withApp(storeApp(), clock: clock, env: ["DATABASE_URL": db.url]) { app in
                func get(_ path: String, cookie: String? = nil) async -> (String?, [String], String?) {
                    var headers = [HeaderField("Host", "x")]
                    if let cookie { headers.append(HeaderField("Cookie", cookie)) }
                    let handled = await app.handle(IncomingRequest(method: "GET", target: path, headers: headers))
                    return (handled.response?.body, Self.storeLines(app, handled), handled.response?.setCookies.first.map(cookiePair))
                }
                let (body, lines, cookie) = await get("/login")
                #expect(body == "hi ada")
                #expect(lines.last == "connect-pg-simple: set: session \(sid1.prefix(8))… written to \"session\" (INSERT … ON CONFLICT (sid) DO UPDATE), expire 2024-01-15T12:01:00.000Z (its cookie's expiry)")
                let jar = try #require(cookie)
                let saved = #"{"cookie":{"originalMaxAge":60000,"expires":"2024-01-15T12:01:00.000Z","httpOnly":true,"path":"/"},"user":"ada"}"#
                #expect(try await db.rows(rows) == [[sid1, saved, "1705320060"]])

                // Unmodified, with a maxAge: express-session touches it, and only expire moves.
                clock.advance(30)
                #expect(await get("/me", cookie: jar) == ("you are ada", [
                    "connect-pg-simple: get: session \(sid1.prefix(8))… read from \"session\" (its expire is still ahead)",
                    "connect-pg-simple: touch: session \(sid1.prefix(8))…'s expire set to 2024-01-15T12:01:30.000Z (its cookie's expiry)",
                ], nil))
                #expect(try await db.rows(rows) == [[sid1, saved, "1705320090"]])

                // Past its expire, the row is still there but get does not find it.
                clock.advance(120)
                #expect(await get("/me", cookie: jar) == ("who are you?", [
                    "connect-pg-simple: get: no row of \"session\" has session \(sid1.prefix(8))… with an expire still ahead (never saved, destroyed, or expired)",
                ], nil))
                #expect(try await db.rows(rows) == [[sid1, saved, "1705320090"]])

                let (_, _, second) = await get("/login")
                let jar2 = try #require(second)
                #expect(try await db.rows(rows).map { $0[0] } == [sid1, sid2])
                #expect(await get("/logout", cookie: jar2) == ("bye", [
                    "connect-pg-simple: get: session \(sid2.prefix(8))… read from \"session\" (its expire is still ahead)",
                    "connect-pg-simple: destroy: session \(sid2.prefix(8))… deleted from \"session\"",
                ], nil))
                #expect(try await db.rows(rows).map { $0[0] } == [sid1])
            }
        }
    }

    @Test func aSessionSurvivesARestartOfTheApp() async throws {
        try await TestDatabase.with { db in
            let clock = TestClock()
            var jar = ""
            try await withApp(storeApp(), clock: clock, env: ["DATABASE_URL": db.url]) { app in
                jar = cookiePair(try #require(await app.get("/login")?.setCookies.first))
            }
            // A new runtime (its ids counted afresh): the session is read from the table.
            try await withApp(storeApp(), clock: clock, env: ["DATABASE_URL": db.url]) { app in
                #expect(await app.get("/me", cookie: jar)?.body == "you are ada")
            }
            // MemoryStore, for contrast: the restart loses it.
            let memory = storeApp().replacingOccurrences(of: "store: new PGStore({ conString: process.env.DATABASE_URL, createTableIfMissing: true, pruneSessionInterval: false }), ", with: "")
            var memoryJar = ""
            try await withApp(memory, clock: clock) { app in memoryJar = cookiePair(try #require(await app.get("/login")?.setCookies.first)) }
            try await withApp(memory, clock: clock) { app in #expect(await app.get("/me", cookie: memoryJar)?.body == "who are you?") }
        }
    }

    /// Pruning, on the app's own timers: once when the store is made, then every
    /// pruneSessionInterval (randomised by half either way).
    @Test func expiredRowsArePrunedWhenTheStoreStarts() async throws {
        try await TestDatabase.with { db in
            try await db.run(#"CREATE TABLE "session" ("sid" varchar NOT NULL COLLATE "default", "sess" json NOT NULL, "expire" timestamp(6) NOT NULL); "#
                             + #"ALTER TABLE "session" ADD CONSTRAINT "session_pkey" PRIMARY KEY ("sid")"#)
            try await db.run("INSERT INTO session VALUES ('old', '{}', to_timestamp(1705316400)), ('new', '{}', to_timestamp(1705323600))")
            let (pruned, told) = AsyncStream<String>.makeStream()
            try await withApp(storeApp("conString: process.env.DATABASE_URL"), env: ["DATABASE_URL": db.url], observe: { event in
                if event.line.hasPrefix("connect-pg-simple: pruned") { told.yield(event.line) }
            }) { _ in
                var lines = pruned.makeAsyncIterator()
                #expect(await lines.next() == "connect-pg-simple: pruned 1 expired session from \"session\"")
            }
            #expect(try await db.rows("SELECT sid FROM session") == [["new"]])
        }
    }
}

/// The database is down; needs no server.
@Suite(.timeLimit(.minutes(1))) struct UnreachableDatabaseTests {
    /// The server is down: express-session passes the store's error to next, Express answers
    /// 500 with it and logs it, crumbs notes how to start PostgreSQL, other routes answer.
    @Test func anUnreachableDatabaseIsA500AndTheAppKeepsAnswering() async throws {
        let port = try closedPort()
        let url = "postgres://crumbs:crumbs@127.0.0.1:\(port)/crumbs"
        let (failures, told) = AsyncStream<String>.makeStream()
        try await withApp(storeApp("conString: process.env.DATABASE_URL"), clock: TestClock(Date()), env: ["DATABASE_URL": url], observe: { event in
            if event.requestID == 0, event.isConsole || event.kind == .note { told.yield(event.line) }
        }) { app in
            // The prune when the store was made fails first, and says so through errorLog, with the note.
            var startup = failures.makeAsyncIterator()
            let note = try #require(PGAdvice.installed().note(for: .system(errno: ECONNREFUSED, address: "127.0.0.1", port: port),
                                                               config: PGConfig(host: "127.0.0.1", port: port, user: "crumbs")))
            #expect(await startup.next() == "pg: \(note)")
            #expect(await startup.next() == "Failed to prune sessions: connect ECONNREFUSED 127.0.0.1:\(port)")

            let cookie = "connect.sid=" + (await app.get("/sign/abc")?.body ?? "")
            let handled = await app.handle(IncomingRequest(method: "GET", target: "/me", headers: [HeaderField("Host", "x"), HeaderField("Cookie", cookie)]))
            #expect(handled.response?.status == 500)
            #expect(handled.response?.body == """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>Error</title>
                </head>
                <body>
                <pre>Error: connect ECONNREFUSED 127.0.0.1:\(port)</pre>
                </body>
                </html>

                """)
            #expect(app.events.events(forRequest: handled.id).map(\.line).filter { !$0.hasPrefix("express-session") } == [
                "pg: \(note)",
                "connect-pg-simple: get: the query failed: connect ECONNREFUSED 127.0.0.1:\(port) (ECONNREFUSED)",
                "Error: connect ECONNREFUSED 127.0.0.1:\(port)",
                "express: error: connect ECONNREFUSED 127.0.0.1:\(port): answered 500 by the default error handler",
            ])
            #expect(await app.get("/health")?.body == "ok")
        }
    }

    /// With createTableIfMissing, the package checks the table once and keeps the outcome, a
    /// failure too: later queries fail with that error without reaching the server.
    @Test func aFailedTableCheckIsKeptAsThePackageKeepsIt() async throws {
        let port = try closedPort()
        let (failures, told) = AsyncStream<String>.makeStream()
        try await withApp(storeApp("conString: process.env.DATABASE_URL, createTableIfMissing: true"), clock: TestClock(Date()),
                          env: ["DATABASE_URL": "postgres://crumbs:crumbs@127.0.0.1:\(port)/crumbs"], observe: { event in
            if event.line.hasPrefix("Failed to prune sessions") { told.yield(event.line) }
        }) { app in
            var startup = failures.makeAsyncIterator()
            #expect(await startup.next() == "Failed to prune sessions: connect ECONNREFUSED 127.0.0.1:\(port)")
            let cookie = "connect.sid=" + (await app.get("/sign/abc")?.body ?? "")
            let handled = await app.handle(IncomingRequest(method: "GET", target: "/me", headers: [HeaderField("Host", "x"), HeaderField("Cookie", cookie)]))
            #expect(handled.response?.status == 500)
            #expect(app.events.events(forRequest: handled.id).map(\.line).filter { !$0.hasPrefix("express") } == [
                "connect-pg-simple: createTableIfMissing: the table check failed when it first ran, and the package keeps that failure: every query fails with the same error, without asking the server, until the app restarts",
                "connect-pg-simple: get: the query failed: connect ECONNREFUSED 127.0.0.1:\(port) (ECONNREFUSED)",
                "Error: connect ECONNREFUSED 127.0.0.1:\(port)",
            ])
        }
    }
}
