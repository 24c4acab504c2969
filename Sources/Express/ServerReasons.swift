import Foundation

/// Every reason the server side prints (express-session, connect-sqlite3, cookie-parser, express, connect-pg-simple), each with
/// the upstream behaviour it follows. The texts are written as they stand in the modules'
/// JavaScript, with each `${expression}` shown as `{expression}`; `ServerReasons.inModules()`
/// reads them back out of that JavaScript, so a test can insist the two agree.
public enum ServerReasons {
    public struct Entry: Sendable, Hashable {
        /// `express-session`, `connect-sqlite3`, `cookie-parser` or `express`.
        public var module: String
        /// The reason, or for `{name} = …` one value a part of a reason can take.
        public var text: String
        /// Where the behaviour comes from.
        public var source: String
        public init(_ module: String, _ text: String, _ source: String) {
            self.module = module
            self.text = text
            self.source = source
        }
    }

    static let session = "express-session 1.18"
    static let parser = "cookie-parser 1.4"
    static let sqlite = "connect-sqlite3 0.9"
    static let pgSession = "connect-pg-simple 9"

    public static let all: [Entry] = [
        // express-session: reading the cookie (index.js getcookie)
        Entry("express-session", "tried = `any of the {secrets.length} secrets`", "\(session): getcookie (every secret is tried)"),
        Entry("express-session", "tried = 'the secret'", "\(session): getcookie"),
        Entry("express-session", "the {name} cookie's signature did not verify with {tried}: treated as no cookie", "\(session): getcookie, cookie-signature unsign"),
        Entry("express-session", "the {name} cookie is not signed (no \"s:\" prefix): ignored", "\(session): getcookie"),
        Entry("express-session", "the request has no {name} cookie", "\(session): getcookie"),
        // express-session: the middleware's guards (index.js session)
        Entry("express-session", "the store is disconnected: no session", "\(session): storeReady"),
        Entry("express-session", "{originalPath} is outside cookie.path {cookieOptions.path}: no session", "\(session): pathname check"),
        Entry("express-session", "no secret option (and no cookie-parser secret): the request fails", "\(session): \"secret option required for sessions\""),
        // express-session: loading
        Entry("express-session", "new session {short(req.sessionID)} (not in the store until it is saved)", "\(session): generate"),
        Entry("express-session", "storeLabel = 'the store'", "crumbs: MemoryStore; connect-sqlite3 names its file (\"the SQLite store sessions.db\")"),
        Entry("express-session", "missing = 'it expired or was destroyed'", "\(sqlite): the file outlives a restart"),
        Entry("express-session", "missing = 'it expired, was destroyed, or the server restarted'", "\(session): session/memory.js (MemoryStore lives in the process)"),
        Entry("express-session", "session {short(old)} is not in {storeLabel} ({missing}): new session {short(req.sessionID)}", "\(session): store.get finds nothing, generate"),
        Entry("express-session", "loaded session {short(req.sessionID)} from {storeLabel}", "\(session): store.get, inflate"),
        // express-session: Set-Cookie (onHeaders, shouldSetCookie)
        Entry("express-session", "no Set-Cookie: the new session is unmodified and saveUninitialized is false", "\(session): shouldSetCookie"),
        Entry("express-session", "no Set-Cookie: the browser already has this session's cookie (it has no maxAge, so only rolling would send it again)", "\(session): shouldSetCookie"),
        Entry("express-session", "no Set-Cookie: the session is unmodified and rolling is false", "\(session): shouldSetCookie"),
        Entry("express-session", "no Set-Cookie: cookie.secure is true and the request came over http", "\(session): issecure"),
        Entry("express-session", "because = 'a new session and saveUninitialized is true'", "\(session): shouldSetCookie"),
        Entry("express-session", "because = 'a new session that was modified'", "\(session): shouldSetCookie"),
        Entry("express-session", "because = 'rolling is true'", "\(session): shouldSetCookie (rolling)"),
        Entry("express-session", "because = 'the session has a maxAge and was modified'", "\(session): shouldSetCookie"),
        Entry("express-session", "Set-Cookie: {name} = \"s:\" + id + \".\" + signature ({because}); the signature is an HMAC-SHA256 of the id with the first secret: it proves the id came from this server (integrity, not secrecy: the id itself is readable)", "\(session): setcookie; cookie-signature 1.0 sign (HMAC-SHA256, base64)"),
        // express-session: the end of the response (shouldDestroy, shouldSave, shouldTouch)
        Entry("express-session", "req.session is null and unset is \"destroy\": session {short(req.sessionID)} destroyed", "\(session): unset option, shouldDestroy"),
        Entry("express-session", "req.session is null and unset is \"keep\": session {short(req.sessionID)} stays in the store as it was (this request's changes are not saved), and the browser keeps its cookie", "\(session): unset option (keep is the default)"),
        Entry("express-session", "reason = 'a new session that was modified'", "\(session): shouldSave"),
        Entry("express-session", "reason = 'a new session and saveUninitialized is true'", "\(session): shouldSave (saveUninitialized)"),
        Entry("express-session", "reason = 'the session was modified'", "\(session): shouldSave"),
        Entry("express-session", "reason = 'resave is true'", "\(session): shouldSave (resave)"),
        Entry("express-session", "saved session {short(req.sessionID)} to {storeLabel}: {reason}", "\(session): shouldSave, store.set"),
        Entry("express-session", "saved session {short(req.sessionID)} over a change another request saved after this one loaded it: this request loaded {loadedHash}, the store held {held}; the last save wins, so that change is lost (a lost update)", "\(session): store.set replaces the whole session; MemoryStore (session/memory.js) and connect-sqlite3 read at once and call back later, so requests that arrive together read the same data"),
        Entry("express-session", "touched session {short(req.sessionID)}: unmodified and its cookie has no maxAge, so there is no expiry to refresh: the store keeps it with none, and the browser drops its cookie when it closes", "\(session): shouldTouch, store.touch"),
        Entry("express-session", "touched session {short(req.sessionID)}: unmodified and its cookie has no maxAge, so there is no expiry to refresh; the browser drops its cookie when it closes", "\(session): shouldTouch, store.touch (connect-sqlite3 says what its row keeps)"),
        Entry("express-session", "touched session {short(req.sessionID)}: unmodified, so only its expiry is refreshed in the store; rolling is true, so the browser's cookie gets the new Expires too", "\(session): shouldTouch, store.touch, rolling"),
        Entry("express-session", "touched session {short(req.sessionID)}: unmodified, so only its expiry is refreshed in the store; the browser's cookie keeps its old Expires (only rolling would send a new one), so the store's copy now outlives the browser's", "\(session): shouldTouch, store.touch"),
        Entry("express-session", "not saved: the new session is unmodified and saveUninitialized is false", "\(session): shouldSave (saveUninitialized)"),
        // express-session: Session methods (session/session.js)
        Entry("express-session", "req.session.destroy(): session {short(this.id)} removed from the store; the browser's cookie is not cleared", "\(session): Session.prototype.destroy"),
        Entry("express-session", "req.session.regenerate(): session {short(this.id)} destroyed, a new id issued; a new id counts as modified, so the session is saved and sent in a Set-Cookie", "\(session): Session.prototype.regenerate, isModified"),
        // connect-sqlite3 (lib/connect-sqlite3.js)
        Entry("connect-sqlite3", "held = 'empty'", "\(sqlite): CREATE TABLE IF NOT EXISTS"),
        Entry("connect-sqlite3", "held = '1 row already in it'", "\(sqlite): CREATE TABLE IF NOT EXISTS"),
        Entry("connect-sqlite3", "held = `{rows} rows already in it`", "\(sqlite): CREATE TABLE IF NOT EXISTS"),
        Entry("connect-sqlite3", "sessions are kept in the SQLite file {opened.file}, table {this.table} ({held})", "\(sqlite): SQLiteStore (dir + '/' + db, table sessions (sid PRIMARY KEY, expired, sess))"),
        Entry("connect-sqlite3", "sessions are kept in an in-memory SQLite database ({dbPath}), table {this.table}: like MemoryStore, it is gone when the server stops", "\(sqlite): SQLiteStore (a db naming :memory:)"),
        Entry("connect-sqlite3", "the concurrentDB option is not read: connect-sqlite3 reads concurrentDb (its README spells it concurrentDB), so the file keeps its rollback journal", "\(sqlite): options.concurrentDb"),
        Entry("connect-sqlite3", "concurrentDb: the file is in write-ahead-log mode (PRAGMA journal_mode = wal), so readers do not wait for a writer", "\(sqlite): options.concurrentDb; SQLite: write-ahead logging"),
        Entry("connect-sqlite3", "session {short(sid)}'s row in {this._crumbsName} expired at {date(Number(result.expired))}: the query skips it (WHERE sid = ? AND now <= expired); the row stays in the file until the next cleanup", "\(sqlite): get"),
        Entry("connect-sqlite3", "until = 'when its cookie does (now + cookie.maxAge)'", "\(sqlite): set"),
        Entry("connect-sqlite3", "until = 'one day from now: its cookie has no maxAge, and connect-sqlite3 then keeps a row one day'", "\(sqlite): set (oneDay)"),
        Entry("connect-sqlite3", "wrote session {short(sid)} to {this._crumbsName} (INSERT OR REPLACE); the row expires at {date(expired)}, {until}", "\(sqlite): set"),
        Entry("connect-sqlite3", "deleted session {short(sid)}'s row from {this._crumbsName}", "\(sqlite): destroy"),
        Entry("connect-sqlite3", "no row of session {short(sid)} in {this._crumbsName} to delete", "\(sqlite): destroy"),
        Entry("connect-sqlite3", "deleted every row of {this._crumbsName} ({result.deleted})", "\(sqlite): clear"),
        Entry("connect-sqlite3", "session {short(sid)}'s row in {this._crumbsName} now expires at {date(cookieExpires)} (its cookie's new expiry)", "\(sqlite): touch"),
        Entry("connect-sqlite3", "no live row of session {short(sid)} in {this._crumbsName} to touch: nothing changed", "\(sqlite): touch (WHERE ? <= expired)"),
        Entry("connect-sqlite3", "a cookie without maxAge has no expiry to refresh, so touch leaves session {short(sid)}'s row in {this._crumbsName} as it is: it expires one day after it was last saved, however often the browser comes back", "\(sqlite): touch (only a cookie with expires updates the row)"),
        Entry("connect-sqlite3", "expired sessions pruned from {store._crumbsName}: {ids.map(short).join(', ')} (DELETE … WHERE now > expired; connect-sqlite3 runs it when it opens the file, then once a day)", "\(sqlite): dbCleanup, setInterval(dbCleanup, oneDay)"),
        Entry("connect-sqlite3", "the cleanup of {store._crumbsName} failed: {result.code}: {result.message}", "\(sqlite): dbCleanup; node-sqlite3's error"),
        // cookie-parser
        Entry("cookie-parser", "no Cookie header: req.cookies is empty", "\(parser): index.js"),
        Entry("cookie-parser", "signed cookie {k} did not verify: req.signedCookies.{k} is false", "\(parser): signedCookies"),
        Entry("cookie-parser", "signed cookie {k} verified: moved to req.signedCookies", "\(parser): signedCookies"),
        Entry("cookie-parser", "read from the Cookie header: req.cookies has {names.join(', ')}", "\(parser): cookie.parse, JSONCookies"),
        Entry("cookie-parser", "the Cookie header held no plain cookies", "\(parser): cookie.parse"),
        // express
        Entry("express", "error: {err && err.message ? err.message : err}: answered {status} by the default error handler", "Express 4: finalhandler"),
        Entry("express", "no route matched {req.method} {req.originalUrl.split('?')[0]}: 404", "Express 4: finalhandler"),
        Entry("express", "app.use({typeof path === 'string' && path !== '/' ? \"'\" + path + \"', \" : ''}{fns.map(f => f.name || 'anonymous').join(', ')})", "Express 4: app.use"),
        Entry("express", "res.cookie('{name}'): Set-Cookie: {header}", "Express 4: res.cookie, cookie 0.7 serialize"),
        Entry("express", "the code creates no Express app: nothing answers", "crumbs"),
        // connect-pg-simple (index.js), each line one query of the store
        Entry("connect-pg-simple", "createTableIfMissing: table {quotedTable} did not exist, so it was created as the package's table.sql has it (sid varchar primary key, sess json, expire timestamp(6), an index on expire)", "\(pgSession): _rawEnsureSessionStoreTable (SELECT to_regclass, then table.sql)"),
        Entry("connect-pg-simple", "createTableIfMissing: the table check failed when it first ran, and the package keeps that failure: every query fails with the same error, without asking the server, until the app restarts", "\(pgSession): _ensureSessionStoreTable keeps tableCreationPromise, rejected or not"),
        Entry("connect-pg-simple", "pruned {res.rowCount} expired session{res.rowCount === 1 ? '' : 's'} from {this.quotedTable()}", "\(pgSession): pruneSessions (DELETE … WHERE expire < to_timestamp(now))"),
        Entry("connect-pg-simple", "get: no row of {this.quotedTable()} has session {short(sid)} with an expire still ahead (never saved, destroyed, or expired)", "\(pgSession): get (SELECT sess … WHERE sid = $1 AND expire >= to_timestamp($2))"),
        Entry("connect-pg-simple", "get: session {short(sid)} read from {this.quotedTable()} (its expire is still ahead)", "\(pgSession): get"),
        Entry("connect-pg-simple", "set: session {short(sid)} written to {this.quotedTable()} (INSERT … ON CONFLICT (sid) DO UPDATE), expire {iso(expireTime)} ({reason})", "\(pgSession): set, _getExpireTime (the cookie's expires, else ttl, else a day)"),
        Entry("connect-pg-simple", "destroy: session {short(sid)} deleted from {this.quotedTable()}", "\(pgSession): destroy (DELETE … WHERE sid = $1)"),
        Entry("connect-pg-simple", "destroy: no row of {this.quotedTable()} has session {short(sid)}: nothing deleted", "\(pgSession): destroy"),
        Entry("connect-pg-simple", "touch: disableTouch is true: session {short(sid)}'s expire stays as it is", "\(pgSession): touch (disableTouch)"),
        Entry("connect-pg-simple", "touch: session {short(sid)}'s expire set to {iso(expireTime)} ({reason})", "\(pgSession): touch (UPDATE … SET expire = to_timestamp($1) WHERE sid = $2)"),
        Entry("connect-pg-simple", "touch: no row of {this.quotedTable()} has session {short(sid)}: nothing refreshed", "\(pgSession): touch"),
        Entry("connect-pg-simple", "code = ` ({err.code})`", "node-postgres 8: the error's code (an errno name or a SQLSTATE)"),
        Entry("connect-pg-simple", "code = ''", "node-postgres 8"),
        Entry("connect-pg-simple", "advice = ': create the table with the package's table.sql, or pass createTableIfMissing: true'", "\(pgSession): README (table.sql, createTableIfMissing); SQLSTATE 42P01"),
        Entry("connect-pg-simple", "advice = ''", "\(pgSession)"),
        Entry("connect-pg-simple", "{operation}: the query failed: {message}{code}{advice}", "\(pgSession): query passes the pool's error to the callback (express-session then calls next(err))"),
    ]

    /// The reasons as the modules' JavaScript writes them, read out of that JavaScript.
    public static func inModules() -> [Entry] {
        [RuntimeScript.session, .cookie, .express, .sqlite, .pgSession].flatMap { JavaScriptReasons.extract(from: $0.source) }
    }

    /// The modules in the order the catalog lists them.
    public static var modules: [String] {
        var seen = Set<String>()
        return all.map(\.module).filter { seen.insert($0).inserted }
    }
}

/// Reads the texts of `why(...)` calls out of JavaScript source: every string literal among
/// the call's arguments (both sides of a `?:` too), and, for a `${name}` that names a `const`,
/// every string that const can take.
enum JavaScriptReasons {
    static func extract(from source: String) -> [ServerReasons.Entry] {
        let code = Array(source.unicodeScalars)
        var entries: [ServerReasons.Entry] = []
        // The module of the local helper: `const why = (req, text) => native.why(…, 'express-session', text)`.
        let helperModule = firstMatch(of: "const why = ", in: code).flatMap { start in
            arguments(of: code, openAt: index(of: "native.why(", in: code, from: start).map { $0 + "native.why".count })
                .compactMap { literal($0) }.first
        }
        var i = 0
        var seenConsts = Set<String>()
        while let at = index(of: "why(", in: code, from: i) {
            i = at + 4
            if lineStarts(with: "const why", before: at, in: code) { continue }
            let isNative = at >= 7 && String(String.UnicodeScalarView(code[(at - 7)..<at])) == "native."
            if !isNative, at > 0, isIdentifier(code[at - 1]) || code[at - 1] == "." { continue }
            let args = arguments(of: code, openAt: at + 3)
            guard !args.isEmpty else { continue }
            let module: String
            let texts: [Token]
            if isNative {
                guard args.count >= 3, let m = literal(args[1]) else { continue }
                module = m
                texts = literals(in: args[2])
            } else {
                // The text is the helper's last argument: `why(req, text)`, or `why(text)`.
                module = helperModule ?? "?"
                texts = literals(in: args[args.count - 1])
            }
            for token in texts {
                entries.append(ServerReasons.Entry(module, token.pretty, ""))
                for name in token.interpolatedNames where !seenConsts.contains(name) {
                    // Only a choice between texts (`a ? 'x' : 'y'`) makes the const part of a reason.
                    guard let expr = constExpression(name, in: code, before: at), isConditional(expr) else { continue }
                    seenConsts.insert(name)
                    for part in literals(in: expr) {
                        entries.append(ServerReasons.Entry(module, "\(name) = \(part.quoted)", ""))
                    }
                }
            }
        }
        return entries
    }

    /// A string literal: its quote and its raw text.
    struct Token {
        var quote: Unicode.Scalar
        var raw: String
        /// `${expr}` shown as `{expr}`, and escaped quotes unescaped.
        var pretty: String {
            guard quote == "`" else { return Self.unescape(raw) }
            var out = ""
            var scalars = Array(raw.unicodeScalars)[...]
            while let first = scalars.first {
                if first == "$", scalars.dropFirst().first == "{" {
                    let body = scalars.dropFirst(2)
                    let end = JavaScriptReasons.closing(of: Array(body), from: 0, open: "{", close: "}")
                    out += "{" + String(String.UnicodeScalarView(body.prefix(end))) + "}"
                    scalars = body.dropFirst(end + 1)
                } else if first == "\\", let next = scalars.dropFirst().first {
                    out.unicodeScalars.append(next)
                    scalars = scalars.dropFirst(2)
                } else {
                    out.unicodeScalars.append(first)
                    scalars = scalars.dropFirst()
                }
            }
            return out
        }

        static func unescape(_ text: String) -> String {
            var out = String.UnicodeScalarView()
            var escaped = false
            for c in text.unicodeScalars {
                if !escaped && c == "\\" { escaped = true; continue }
                escaped = false
                out.append(c)
            }
            return String(out)
        }
        var quoted: String { "\(quote)\(pretty)\(quote)" }
        /// The bare names interpolated: `${reason}` gives `reason`.
        var interpolatedNames: [String] {
            guard quote == "`" else { return [] }
            var names: [String] = []
            var rest = Substring(raw)
            while let open = rest.range(of: "${"), let close = rest[open.upperBound...].firstIndex(of: "}") {
                let name = String(rest[open.upperBound..<close])
                if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) { names.append(name) }
                rest = rest[rest.index(after: close)...]
            }
            return names
        }
    }

    /// The string literals an expression can evaluate to: those outside any call's arguments
    /// or index (grouping parentheses do not count), with `?:` giving both sides.
    static func literals(in expr: [Unicode.Scalar]) -> [Token] {
        var tokens: [Token] = []
        var i = 0
        var stack: [Bool] = []  // true for a call's "(" or an index's "["
        var previous: Unicode.Scalar = " "
        while i < expr.count {
            let c = expr[i]
            if c == "'" || c == "\"" || c == "`" {
                let end = stringEnd(expr, from: i)
                if !stack.contains(true) {
                    tokens.append(Token(quote: c, raw: String(String.UnicodeScalarView(expr[(i + 1)..<end]))))
                }
                i = end + 1
                previous = c
                continue
            }
            if c == "(" || c == "[" { stack.append(c == "[" || isIdentifier(previous) || previous == ")") }
            if c == ")" || c == "]" { _ = stack.popLast() }
            if !c.properties.isWhitespace { previous = c }
            i += 1
        }
        return tokens
    }

    /// Does the expression have a `?` outside its strings?
    static func isConditional(_ expr: [Unicode.Scalar]) -> Bool {
        var i = 0
        while i < expr.count {
            let c = expr[i]
            if c == "'" || c == "\"" || c == "`" { i = stringEnd(expr, from: i) + 1; continue }
            if c == "?" { return true }
            i += 1
        }
        return false
    }

    static func isIdentifier(_ c: Unicode.Scalar) -> Bool {
        c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "_" || c == "$"
    }

    static func literal(_ expr: [Unicode.Scalar]) -> String? {
        let tokens = literals(in: expr)
        let trimmed = String(String.UnicodeScalarView(expr)).trimmingCharacters(in: .whitespacesAndNewlines)
        guard tokens.count == 1, trimmed.count == tokens[0].raw.count + 2 else { return nil }
        return tokens[0].raw
    }

    /// The arguments of the call whose "(" is at `open`, split on top-level commas.
    static func arguments(of code: [Unicode.Scalar], openAt open: Int?) -> [[Unicode.Scalar]] {
        guard let open, open < code.count, code[open] == "(" else { return [] }
        var args: [[Unicode.Scalar]] = []
        var current: [Unicode.Scalar] = []
        var i = open + 1
        var depth = 0
        while i < code.count {
            let c = code[i]
            if c == "'" || c == "\"" || c == "`" {
                let end = stringEnd(code, from: i)
                current += code[i...end]
                i = end + 1
                continue
            }
            if c == "(" || c == "[" || c == "{" { depth += 1 }
            if c == ")" || c == "]" || c == "}" {
                if depth == 0 { args.append(current); return args }
                depth -= 1
            }
            if c == ",", depth == 0 { args.append(current); current = []; i += 1; continue }
            current.append(c)
            i += 1
        }
        return args
    }

    /// The index of the quote that closes the string starting at `start`.
    static func stringEnd(_ code: [Unicode.Scalar], from start: Int) -> Int {
        let quote = code[start]
        var i = start + 1
        while i < code.count {
            let c = code[i]
            if c == "\\" { i += 2; continue }
            if c == quote { return i }
            if quote == "`", c == "$", i + 1 < code.count, code[i + 1] == "{" {
                i = i + 2 + closing(of: Array(code[(i + 2)...]), from: 0, open: "{", close: "}") + 1
                continue
            }
            i += 1
        }
        return code.count - 1
    }

    /// The offset of the `close` that balances an already-open `open`, skipping strings.
    static func closing(of code: [Unicode.Scalar], from start: Int, open: Unicode.Scalar, close: Unicode.Scalar) -> Int {
        var depth = 0
        var i = start
        while i < code.count {
            let c = code[i]
            if c == "'" || c == "\"" || c == "`" { i = stringEnd(code, from: i) + 1; continue }
            if c == open { depth += 1 }
            if c == close {
                if depth == 0 { return i }
                depth -= 1
            }
            i += 1
        }
        return code.count
    }

    /// The expression of the nearest `const name = …;` before `limit`.
    static func constExpression(_ name: String, in code: [Unicode.Scalar], before limit: Int) -> [Unicode.Scalar]? {
        let needle = Array("const \(name) = ".unicodeScalars)
        var found: Int?
        var i = 0
        while let at = index(of: needle, in: code, from: i), at < limit { found = at; i = at + 1 }
        guard let start = found.map({ $0 + needle.count }) else { return nil }
        var j = start
        var depth = 0
        while j < code.count {
            let c = code[j]
            if c == "'" || c == "\"" || c == "`" { j = stringEnd(code, from: j) + 1; continue }
            if c == "(" || c == "[" || c == "{" { depth += 1 }
            if c == ")" || c == "]" || c == "}" { depth -= 1 }
            if c == ";", depth == 0 { return Array(code[start..<j]) }
            j += 1
        }
        return nil
    }

    static func lineStarts(with prefix: String, before at: Int, in code: [Unicode.Scalar]) -> Bool {
        var start = at
        while start > 0, code[start - 1] != "\n" { start -= 1 }
        return String(String.UnicodeScalarView(code[start..<at])).trimmingCharacters(in: .whitespaces).hasPrefix(prefix)
    }

    static func firstMatch(of text: String, in code: [Unicode.Scalar]) -> Int? { index(of: text, in: code, from: 0) }

    static func index(of text: String, in code: [Unicode.Scalar], from start: Int) -> Int? {
        index(of: Array(text.unicodeScalars), in: code, from: start)
    }

    static func index(of needle: [Unicode.Scalar], in code: [Unicode.Scalar], from start: Int) -> Int? {
        guard !needle.isEmpty, code.count >= needle.count, start <= code.count - needle.count else { return nil }
        var i = start
        while i <= code.count - needle.count {
            if code[i] == needle[0], Array(code[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
