import Synchronization

/// The server's events in order: console output and decisions, readable from anywhere.
public final class EventLog: Sendable {
    private let events = Mutex<[ServerEvent]>([])

    public init() {}

    public func append(_ event: ServerEvent) {
        events.withLock { $0.append(event) }
    }

    public var count: Int { events.withLock { $0.count } }

    /// Every event from position `start` on.
    public func since(_ start: Int) -> [ServerEvent] {
        events.withLock { Array($0[min(start, $0.count)...]) }
    }

    /// Every event.
    public var all: [ServerEvent] { since(0) }
}

/// The MemoryStores the app created, in order (usually just one).
public final class StoreRegistry: Sendable {
    private let stores = Mutex<[SessionStore]>([])

    public init() {}

    func add(_ store: SessionStore) -> Int {
        stores.withLock { $0.append(store); return $0.count - 1 }
    }

    func store(_ index: Int) -> SessionStore? {
        stores.withLock { $0.indices.contains(index) ? $0[index] : nil }
    }

    public var all: [SessionStore] { stores.withLock { $0 } }

    /// The sessions of every store.
    public var sessions: [SessionStore.Entry] { all.flatMap(\.sessions) }

    /// Every entry of every store, expired ones included.
    public var raw: [SessionStore.Entry] { all.flatMap(\.raw) }
}
