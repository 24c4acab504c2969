import Express
import Foundation
import Synchronization
import Testing
@testable import Tutor
@testable import Serve

/// When the port an app asks for is taken, the tutor's server moves, and everything the app
/// can see or print says where it really is.
@Suite(.scratch, .serialized) struct PortTruthTests {
    /// A server that holds a port for the length of a test.
    static func holdPort() async throws -> ExpressServer {
        let runtime = ExpressRuntime(source: "require('express')();", now: { Date() })
        try await runtime.load()
        let server = ExpressServer(runtime: runtime, now: { Date() })
        try await server.start(host: "127.0.0.1", port: 0)
        return server
    }

    static func tutor(port: Int, state: URL) -> Tutor {
        Tutor(config: TutorConfig(lessonsDirectory: lessonsFolder, stateDirectory: state, width: { 200 }, color: false,
                                  deterministic: true, timeout: 0.5, port: port, saveProgress: false))
    }

    @Test func processEnvPortAndTheListenCallbackSeeTheRealPort() async throws {
        let holder = try await Self.holdPort()
        let busy = await holder.port
        let dir = temporaryDirectory()
        let t = Self.tutor(port: busy, state: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("app.js")
        try? """
        const app = require("express")();
        app.get("/", (req, res) => res.send(`PORT is ${process.env.PORT}`));
        const server = app.listen(process.env.PORT || \(busy), () => {
          console.log(`listening on ${process.env.PORT}, address() says ${server.address().port}`);
        });
        """.write(to: file, atomically: true, encoding: .utf8)
        let out = await t.run("load \(file.path)")
        let port = await t.appSlot.app?.port ?? 0
        #expect(port != busy && port != 0)
        #expect(out == """
            server: app.js is running on http://localhost:\(port)
            server: port \(busy) is taken, so the app listens on port \(port) instead (process.env.PORT is \(port))
              console: listening on \(port), address() says \(port)
            """)
        #expect(await t.run("get /").contains("PORT is \(port)"))
        await t.shutdown()
        await holder.stop()
    }

    @Test func anAppThatPrintsALiteralPortIsCorrected() async throws {
        let holder = try await Self.holdPort()
        let busy = await holder.port
        let dir = temporaryDirectory()
        let t = Self.tutor(port: busy, state: dir)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("app.js")
        try? """
        const app = require("express")();
        app.listen(\(busy), () => console.log("Server running on port \(busy)"));
        """.write(to: file, atomically: true, encoding: .utf8)
        let out = await t.run("load \(file.path)")
        let port = await t.appSlot.app?.port ?? 0
        #expect(port != busy && port != 0)
        #expect(out == """
            server: app.js is running on http://localhost:\(port)
            server: port \(busy) is taken, so the app listens on port \(port) instead (process.env.PORT is \(port))
              console: Server running on port \(busy)
            server: the app says port \(busy), but it listens on port \(port): http://localhost:\(port) (`app.listen(process.env.PORT || \(busy))` would say so)
            """)
        await t.shutdown()
        await holder.stop()
    }

    /// With no app running, a request for the lesson's server is not sent: the port an app
    /// would listen on may belong to another program (here another server, which would answer
    /// 404), and what it answers is not the lesson's.
    @Test func withNoAppARequestForTheLessonsServerIsNotSent() async throws {
        let holder = try await Self.holdPort()
        let busy = await holder.port
        let dir = temporaryDirectory()
        let t = Self.tutor(port: busy, state: dir)
        let file = dir.appendingPathComponent("app.js")
        try "const app = require('express')();\nerr && throw err;\napp.listen(\(busy));\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(await t.run("load \(file.path)").hasPrefix("the app's code has an error, so no server is running:"))
        let nowhere = "browser: no server is running, so nothing answers: the app's code has an error (SyntaxError: Unexpected token 'throw'), and Node would not start it either. `code` shows it."
        #expect(await t.run("get /") == nowhere)
        #expect(await t.run("post /login user=alice") == nowhere)
        #expect(await t.run("get http://shop.localhost/") == nowhere)
        #expect(await t.run("together 2 get /") == nowhere)
        // A URL with its own port goes where it says.
        #expect(await t.run("get http://localhost:\(busy)/").contains("← 404 Not Found"))
        await t.shutdown()
        let fresh = Self.tutor(port: busy, state: dir)
        #expect(await fresh.run("get /") == "browser: no server is running: `open N` starts a lesson's, `load FILE.js` your own.")
        await fresh.shutdown()
        await holder.stop()
    }

    /// `crumbs serve` too: the app reads the port it will really get, and a literal one is corrected.
    @Test func serveGivesTheAppTheRealPort() async throws {
        let holder = try await Self.holdPort()
        let busy = await holder.port
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("app.js")
        try? """
        const app = require("express")();
        app.listen(\(busy), () => console.log(`process.env.PORT is ${process.env.PORT}; listening on \(busy)`));
        """.write(to: file, atomically: true, encoding: .utf8)
        let lines = Mutex<[String]>([])
        let bound = Mutex(0)
        let (stop, stopNow) = AsyncStream<Void>.makeStream()
        let code = await ServeCommand.run(file: file.path, port: busy, host: "127.0.0.1",
                                          output: { line in lines.withLock { $0.append(line) } },
                                          until: { stopNow.finish(); for await _ in stop {} },
                                          onListening: { p in bound.withLock { $0 = p } })
        await holder.stop()
        let port = bound.withLock { $0 }
        #expect(code == 0)
        #expect(port != busy && port != 0)
        #expect(lines.withLock { $0 } == [
            "process.env.PORT is \(port); listening on \(busy)",
            "crumbs: port \(busy) is taken, so the app listens on port \(port) instead (process.env.PORT is \(port))",
            "crumbs: the app says port \(busy), but it listens on port \(port): http://localhost:\(port) (`app.listen(process.env.PORT || \(busy))` would say so)",
            "crumbs: serving app.js on http://127.0.0.1:\(port) (Ctrl-C stops)",
            "crumbs: stopped",
        ])
    }

    @Test func aPortIsMentionedOnlyAsANumberOfItsOwn() {
        #expect(PortChoice.mentions("Server running on port 3000", port: 3000))
        #expect(PortChoice.mentions("http://localhost:3000/", port: 3000))
        #expect(!PortChoice.mentions("port 30001", port: 3000))
        #expect(!PortChoice.mentions("130000", port: 3000))
    }
}
