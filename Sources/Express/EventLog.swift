import DequeModule
import Synchronization

/// The server's events in order: console output and decisions, readable from anywhere. It keeps
/// the most recent ones (a long-running server does not grow without end); positions count every
/// event ever logged, so a reader can ask for what came after a mark it took earlier.
public final class EventLog: Sendable {
    /// How many recent events a log keeps at least, unless told otherwise: the tutor reads a
    /// step's console output and its requests' decisions back from it.
    public static let defaultCapacity = 5000
    /// At least this many recent events are kept (at most twice as many).
    public let capacity: Int

    private struct State {
        /// A ring: the oldest go from its front without moving the rest.
        var events: Deque<ServerEvent> = []
        var dropped = 0
    }

    private let state = Mutex(State())
    /// Told of each request as it starts and each event as it is logged (`crumbs serve` prints
    /// them as they happen).
    private let observer = Mutex<Observer?>(nil)

    /// What `observe` reports, on the thread that logged it.
    public struct Observer: Sendable {
        public var began: @Sendable (_ id: Int, _ request: IncomingRequest) -> Void
        public var logged: @Sendable (ServerEvent) -> Void

        public init(began: @escaping @Sendable (Int, IncomingRequest) -> Void, logged: @escaping @Sendable (ServerEvent) -> Void) {
            self.began = began
            self.logged = logged
        }
    }

    public init(capacity: Int = EventLog.defaultCapacity) {
        self.capacity = max(1, capacity)
    }

    /// Reports what is logged from now on to `observer`.
    public func observe(_ observer: Observer) {
        self.observer.withLock { $0 = observer }
    }

    /// A request started, with the id its events will carry.
    func began(_ id: Int, _ request: IncomingRequest) {
        observer.withLock { $0 }?.began(id, request)
    }

    public func append(_ event: ServerEvent) {
        defer { observer.withLock { $0 }?.logged(event) }
        state.withLock { s in
            s.events.append(event)
            if s.events.count > 2 * capacity {
                s.events.removeFirst()
                s.dropped += 1
            }
        }
    }

    /// How many events were ever logged: a mark for `since`.
    public var count: Int { state.withLock { $0.dropped + $0.events.count } }

    /// The events logged from mark `start` on (those still kept).
    public func since(_ start: Int) -> [ServerEvent] {
        state.withLock { s in
            let i = min(max(0, start - s.dropped), s.events.count)
            return Array(s.events[i...])
        }
    }

    /// The events still kept.
    public var all: [ServerEvent] { since(0) }

    /// The events of one request still kept (found from the newest back: the tutor asks for
    /// recent ones).
    public func events(forRequest id: Int) -> [ServerEvent] {
        state.withLock { s in
            var found: [ServerEvent] = []
            for event in s.events.reversed() where event.requestID == id { found.append(event) }
            return found.reversed()
        }
    }
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
