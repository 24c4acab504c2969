import Foundation

/// connect-sqlite3's statements, run on the store's SQLite file.
extension NativeHost {
    func perform(_ call: SQLiteCall) -> NativeResult {
        do throws(ExpressError) {
            return .object(try answer(call))
        } catch {
            guard case .sqlite(let code, let errno, let message) = error else { return .object(["code": "SQLITE_ERROR", "errno": "1", "message": "\(error)"]) }
            return .object(["code": code, "errno": String(errno), "message": message])
        }
    }

    private func answer(_ call: SQLiteCall) throws(ExpressError) -> [String: String] {
        if case .open(let path, let table, let wal) = call {
            let file = Self.sqliteFile(path, in: workingDirectory)
            // A Node process's current directory exists; so does the app's folder once it needs one.
            try? FileManager.default.createDirectory(at: workingDirectory, withIntermediateDirectories: true)
            let name = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
            let store = try SessionStore(sqlite: file, name: name, table: table, wal: wal, now: now)
            let rows = try store.sqlite?.length() ?? 0
            return ["store": String(stores.add(store)), "file": file?.path ?? path, "rows": String(rows)]
        }
        guard let table = stores.store(call.store)?.sqlite else {
            return ["code": "SQLITE_MISUSE", "errno": "21", "message": "the database is closed"]
        }
        switch call {
        case .open:
            return [:]
        case .get(_, let sid, let now):
            switch try table.get(sid, now: now) {
            case .found(let sess): return ["sess": sess]
            case .expired(let expired): return ["expired": String(expired)]
            case .missing: return [:]
            }
        case .set(_, let sid, let expired, let sess, let requestID):
            try table.set(sid, expired: expired, sess: sess, requestID: requestID)
            return [:]
        case .destroy(_, let sid, let requestID):
            return ["deleted": try table.destroy(sid, requestID: requestID) ? "1" : "0"]
        case .touch(_, let sid, let expired, let now):
            return ["changed": try table.touch(sid, expired: expired, now: now) ? "1" : "0"]
        case .all:
            return ["sessions": "[" + (try table.all()).joined(separator: ",") + "]"]
        case .length:
            return ["count": String(try table.length())]
        case .clear(_, let requestID):
            return ["deleted": String(try table.clear(requestID: requestID))]
        case .cleanup(_, let now, let requestID):
            let ids = try table.cleanup(now: now, requestID: requestID)
            return ["ids": "[" + ids.map(ExpressRuntime.jsonQuote).joined(separator: ",") + "]"]
        }
    }

    /// Where the file the package opens is: nil for an in-memory database (a name containing
    /// `:memory:` or `?mode=memory`, as connect-sqlite3 tells them apart). A relative path is
    /// taken from the app's working folder, as Node takes it from the process's; so is a path
    /// under `/app`, the folder crumbs tells the app it runs in (`__dirname`, `process.cwd()`).
    static func sqliteFile(_ path: String, in folder: URL) -> URL? {
        if path.contains(":memory:") || path.contains("?mode=memory") { return nil }
        if path == appFolder { return folder }
        if path.hasPrefix(appFolder + "/") { return folder.appendingPathComponent(String(path.dropFirst(appFolder.count + 1))).standardizedFileURL }
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL }
        return folder.appendingPathComponent(path).standardizedFileURL
    }

    /// The app's folder as the prelude shows it (`__dirname`, `process.cwd()`).
    static let appFolder = "/app"
}
