/// One of connect-sqlite3's statements across the bridge (`NativeOperation.sqliteOpen` …),
/// read as Swift values. `store` is the id `open` answered.
enum SQLiteCall {
    case open(path: String, table: String, wal: Bool)
    case get(store: Int, sid: String, now: Double)
    case set(store: Int, sid: String, expired: Double, sess: String, requestID: Int)
    case destroy(store: Int, sid: String, requestID: Int)
    case touch(store: Int, sid: String, expired: Double, now: Double)
    case all(store: Int)
    case length(store: Int)
    case clear(store: Int, requestID: Int)
    case cleanup(store: Int, now: Double, requestID: Int)

    /// The store the statement runs on (-1 for `open`, which makes one).
    var store: Int {
        switch self {
        case .open: -1
        case .get(let store, _, _), .set(let store, _, _, _, _), .destroy(let store, _, _), .touch(let store, _, _, _),
             .all(let store), .length(let store), .clear(let store, _), .cleanup(let store, _, _): store
        }
    }
}
