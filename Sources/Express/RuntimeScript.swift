import JavaScript

/// crumbs' own JavaScript, in the order the runtime loads it. Each script is a file in
/// `Sources/Express/JavaScript/`, embedded in the module at build time by the Embed plugin (so
/// the binary carries it wherever it is copied), and runs under its own name, so an error
/// inside it points at the file and line.
enum RuntimeScript: String, CaseIterable, Sendable {
    /// Turns JavaScriptCore's `fn@file:line:col` stack into Node's `Error: message\n    at ...`.
    case stack = "stack.js"
    /// The global environment lesson code runs in: console (formatted like Node's
    /// util.inspect), timers, process, a Date on the virtual clock, and a CommonJS `require`.
    /// `__native` is the bridge to Swift; the prelude hides it from lesson code.
    case prelude = "prelude.js"
    /// The `cookie`, `cookie-signature` and `cookie-parser` modules, with the behaviour of
    /// cookie 0.7.2, cookie-signature 1.0.7 and cookie-parser 1.4.7. HMAC comes from swift-crypto.
    case cookie = "cookie.js"
    /// The `express` module with Express 4's semantics: the router and its path patterns, `req`,
    /// `res` (send, json, redirect, cookie, clearCookie …), body parsers and the final handler.
    case express = "express.js"
    /// The `express-session` module with the behaviour of express-session 1.18: Session,
    /// Cookie, Store, MemoryStore (its data held by the host), and the save / touch /
    /// Set-Cookie decisions, each recorded with a reason.
    case session = "express-session.js"
    /// The `connect-sqlite3` module with the behaviour of connect-sqlite3 0.9: SQLiteStore, its
    /// table in a SQLite file (run by the host), its expiry rules and its daily cleanup.
    case sqlite = "connect-sqlite3.js"
    /// The `pg` module (node-postgres 8): Pool, Client and their query, on postgres-nio.
    case pg = "pg.js"
    /// The `connect-pg-simple` module with the behaviour of connect-pg-simple 9: express-session's
    /// store in a PostgreSQL table, through `pg`.
    case pgSession = "connect-pg-simple.js"

    /// The modules whose scripts run on their first `require`, not when every app starts (few
    /// apps use them, and each app start compiles crumbs' JavaScript anew), by module name.
    static let onDemand: [String: RuntimeScript] = ["connect-sqlite3": .sqlite, "pg": .pg, "connect-pg-simple": .pgSession]

    /// Whether the module keeps what it stores outside the app (a SQLite file, a PostgreSQL
    /// database), where it outlives the app.
    var storesOutside: Bool {
        switch self {
        case .sqlite, .pg, .pgSession: true
        case .stack, .prelude, .cookie, .express, .session: false
        }
    }

    /// The scripts every app starts with, in order, after `stack` and `prelude`.
    static let atStart: [RuntimeScript] = [.cookie, .express, .session]

    /// The script's text, as embedded at build time.
    var source: String {
        guard let text = Embedded.files[rawValue] else {
            fatalError("crumbs was built without its JavaScript/\(rawValue)")
        }
        return text
    }

    /// The script's text as JavaScriptCore takes it, made once per process: every app runs
    /// these scripts, and converting their text each time cost a fifth of an app's start.
    var text: ScriptText { Self.texts[self]! }

    private static let texts = Dictionary(uniqueKeysWithValues: allCases.map { ($0, ScriptText($0.source, file: $0.name)) })

    /// The name the script runs under, which errors and stack frames show: `crumbs/express.js`,
    /// evaluated from line 1, so a position is the file's own.
    var name: String { Self.folder + rawValue }

    /// What every name of crumbs' own scripts begins with. The app's file is a bare file name
    /// (`app.js`), so a frame whose place begins with this is crumbs' own, never the app's;
    /// `stack.js`, `express.js` and `express-session.js` hide such frames with the same text.
    static let folder = "crumbs/"
}
