import Testing
@testable import Express

/// express-session prints its MemoryStore warning when NODE_ENV is production, as the package
/// does (session/index.js), word for word, and only then.
@Suite struct MemoryStoreWarningTests {
    static let app = """
    const express = require("express");
    const session = require("express-session");
    const app = express();
    app.use(session({ secret: "s", resave: false, saveUninitialized: false }));
    app.listen(3000);
    """

    static let warning = "Warning: connect.session() MemoryStore is not\ndesigned for a production environment, as it will leak\nmemory, and will not scale past a single process."

    @Test func printedInProduction() async throws {
        let runtime = try await makeApp(Self.app, env: ["NODE_ENV": "production"])
        #expect(runtime.events.all.filter(\.isConsole).map(\.text) == [Self.warning])
    }

    @Test func notPrintedOtherwise() async throws {
        for env in [[:], ["NODE_ENV": "development"]] {
            let runtime = try await makeApp(Self.app, env: env)
            #expect(runtime.events.all.filter(\.isConsole).isEmpty)
        }
    }

    @Test func notPrintedForAStorePackage() async throws {
        let app = Self.app.replacingOccurrences(of: "resave: false,", with: "store: new session.Store(), resave: false,")
        let runtime = try await makeApp(app, env: ["NODE_ENV": "production"])
        #expect(runtime.events.all.filter(\.isConsole).isEmpty)
    }
}
