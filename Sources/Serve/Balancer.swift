import Foundation
import Cookies
import Express
import NIOCore
import NIOPosix
import Synchronization

/// A load balancer in front of several copies of one app behind one port, as nginx's
/// `upstream` or an AWS Application Load Balancer: round-robin, or sticky, where a cookie of
/// the balancer's own pins a browser to the copy that answered it first (nginx's `sticky
/// cookie`, the ALB's `AWSALB`). Each copy is its own `ExpressRuntime`, with its own memory,
/// so each has its own MemoryStore. The server hands it every request (`RequestFront`).
public final class Balancer: RequestFront {
    /// Where one request went, and why.
    public struct Routing: Sendable, Hashable {
        /// The instance that answered, counted from 1.
        public var instance: Int
        /// The request's id among that instance's events.
        public var requestID: Int
        public var request: IncomingRequest
        /// The balancer's decision, in words.
        public var note: String
        /// Whether the balancer was sticky (its cookie decided, or it set one).
        public var sticky: Bool
        /// Its place among requests held to arrive together (1 for the first), else nil.
        public var arrival: Int?
    }

    /// The balancer's cookie when sticky (the name nginx's documentation uses, `srv_id`). nginx
    /// stores a hash naming the server in it; crumbs stores the instance's number.
    public static let cookieName = "srv_id"

    /// A request waiting to be begun, and where its answer goes.
    private struct Waiting {
        var request: IncomingRequest
        var reply: @Sendable (ExpressRuntime.Handled) -> Void
        var arrival: Int?
    }

    /// The balancer's choice for one request.
    private struct Choice {
        var index: Int
        var runtime: ExpressRuntime
        var note: String
        var setCookie: String?
        var sticky: Bool
    }

    /// Requests held until `count` have arrived (`hold`).
    private struct Hold {
        var count: Int
        var waiting: [Waiting] = []
        var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var timer: Scheduled<Void>?
    }

    private struct State {
        var instances: [ExpressRuntime]
        var sticky: Bool
        /// The next instance in round-robin order.
        var turn = 0
        var hold: Hold?
        var log: [Routing] = []
        var dropped = 0
    }

    /// At least this many recent routings are kept.
    public static let logCapacity = 1000

    private let state: Mutex<State>
    private let onRouted: (@Sendable (Routing, ExpressRuntime.Handled) -> Void)?

    /// `onRouted` hears of each answer, with where it was routed, before it is written.
    public init(instances: [ExpressRuntime], sticky: Bool = false,
                onRouted: (@Sendable (Routing, ExpressRuntime.Handled) -> Void)? = nil) {
        precondition(!instances.isEmpty, "a balancer needs an instance")
        state = Mutex(State(instances: instances, sticky: sticky))
        self.onRouted = onRouted
    }

    /// The copies of the app, in order: instance 1 first.
    public var instances: [ExpressRuntime] { state.withLock { $0.instances } }

    public var sticky: Bool { state.withLock { $0.sticky } }

    /// Replaces the copies of the app (scaling up or down); round-robin starts again at the first.
    public func setInstances(_ runtimes: [ExpressRuntime], sticky: Bool) {
        precondition(!runtimes.isEmpty, "a balancer needs an instance")
        state.withLock { s in
            s.instances = runtimes
            s.sticky = sticky
            s.turn = 0
        }
    }

    // MARK: Routing

    public func clientLeft(port: Int) {
        for runtime in instances {
            runtime.loop.execute { runtime.assumeIsolated { $0.clientLeft(port: port) } }
        }
    }

    public func dispatch(_ request: IncomingRequest, reply: @escaping @Sendable (ExpressRuntime.Handled) -> Void) {
        let (ready, resumed) = state.withLock { s -> ([Waiting], [CheckedContinuation<Void, Never>]) in
            guard var hold = s.hold else { return ([Waiting(request: request, reply: reply, arrival: nil)], []) }
            hold.waiting.append(Waiting(request: request, reply: reply, arrival: hold.waiting.count + 1))
            let arrived = hold.waiting.count
            let resumed = hold.waiters.filter { $0.count <= arrived }.map(\.continuation)
            hold.waiters.removeAll { $0.count <= arrived }
            guard arrived >= hold.count else {
                s.hold = hold
                return ([], resumed)
            }
            s.hold = nil
            hold.timer?.cancel()
            return (hold.waiting, resumed + hold.waiters.map(\.continuation))
        }
        for continuation in resumed { continuation.resume() }
        begin(ready)
    }

    /// Chooses each request's instance, in the order they came, and begins those of one
    /// instance in one turn of its loop, as Node begins requests that arrived together.
    private func begin(_ ready: [Waiting]) {
        guard !ready.isEmpty else { return }
        let chosen = state.withLock { s in ready.map { ($0, Self.choose($0.request, in: &s)) } }
        var order: [Int] = []
        var groups: [Int: [(Waiting, Choice)]] = [:]
        for (waiting, choice) in chosen {
            if groups[choice.index] == nil { order.append(choice.index) }
            groups[choice.index, default: []].append((waiting, choice))
        }
        for index in order {
            let group = groups[index] ?? []
            guard let runtime = group.first?.1.runtime else { continue }
            // A stuck app's thread never takes another call.
            if let reason = runtime.stuck.reason {
                for (waiting, choice) in group {
                    answered(ExpressRuntime.unavailableHandled(reason), waiting, choice)
                }
                continue
            }
            let items = group.map { waiting, choice in
                (request: waiting.request, completion: { @Sendable [self] (handled: ExpressRuntime.Handled) in
                    answered(handled, waiting, choice)
                })
            }
            runtime.loop.execute {
                runtime.assumeIsolated { runtime in runtime.begin(together: items) }
            }
        }
    }

    /// The instance for one request: the one its balancer cookie names when sticky, else the
    /// next in turn.
    private static func choose(_ request: IncomingRequest, in s: inout State) -> Choice {
        let count = s.instances.count
        func next() -> Int {
            let index = s.turn % count
            s.turn = (s.turn + 1) % count
            return index
        }
        guard s.sticky else {
            let index = next()
            return Choice(index: index, runtime: s.instances[index],
                          note: "round-robin: instance [\(index + 1)] of \(count) answers, the next in turn (the balancer reads no cookie, so it knows nothing of sessions)",
                          setCookie: nil, sticky: false)
        }
        let name = cookieName
        let value = pinned(request)
        if let value, let number = Int(value), (1...count).contains(number) {
            return Choice(index: number - 1, runtime: s.instances[number - 1],
                          note: "the request carries \(name)=\(value), the balancer's own cookie: it goes to instance [\(number)] again (sticky)",
                          setCookie: nil, sticky: true)
        }
        let index = next()
        let cookie = "\(name)=\(index + 1); Path=/"
        let why = value.map { "\(name)=\($0) names no running instance" } ?? "no \(name) cookie"
        return Choice(index: index, runtime: s.instances[index],
                      note: "\(why): round-robin chose instance [\(index + 1)], and the balancer adds Set-Cookie: \(cookie) to its answer, which pins this browser to instance [\(index + 1)] (sticky, as nginx's sticky cookie or AWS ALB's AWSALB)",
                      setCookie: cookie, sticky: true)
    }

    /// The value of the balancer's cookie in the request's Cookie header, if it has one.
    static func pinned(_ request: IncomingRequest) -> String? {
        for header in request.headers where header.name.lowercased() == "cookie" {
            for pair in header.value.split(separator: ";") {
                let trimmed = pair.trimmingCharacters(in: .whitespaces)
                guard let eq = trimmed.firstIndex(of: "="), trimmed[..<eq] == cookieName else { continue }
                return String(trimmed[trimmed.index(after: eq)...])
            }
        }
        return nil
    }

    private func answered(_ handled: ExpressRuntime.Handled, _ waiting: Waiting, _ choice: Choice) {
        var handled = handled
        if let cookie = choice.setCookie, var response = handled.response {
            response.headers.append(HeaderField("Set-Cookie", cookie))
            handled.response = response
        }
        let routing = Routing(instance: choice.index + 1, requestID: handled.id, request: waiting.request,
                              note: choice.note, sticky: choice.sticky, arrival: waiting.arrival)
        state.withLock { s in
            s.log.append(routing)
            if s.log.count >= 2 * Self.logCapacity {
                s.log.removeFirst(Self.logCapacity)
                s.dropped += Self.logCapacity
            }
        }
        onRouted?(routing, handled)
        waiting.reply(handled)
    }

    /// How many requests were ever answered: a mark for `routings(since:)`.
    public var routingCount: Int { state.withLock { $0.dropped + $0.log.count } }

    /// The routings of the requests answered from mark `start` on, in the order they were answered.
    public func routings(since start: Int) -> [Routing] {
        state.withLock { s in Array(s.log[min(max(0, start - s.dropped), s.log.count)...]) }
    }

    // MARK: Requests that arrive together

    /// Holds the next `count` requests until all of them have arrived, then begins them
    /// together; after `patience`, those that came are begun anyway. (The sender waits for each
    /// to arrive before sending the next, and releases the hold itself when one fails to send:
    /// the patience is for one lost on its way, and is long enough for a machine too busy to
    /// connect within a second or two.)
    public func hold(_ count: Int, patience: TimeAmount = .seconds(10)) {
        let timer = MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: patience) { [weak self] () -> Void in
            self?.releaseHeld()
        }
        let previous = state.withLock { s -> Hold? in
            defer { s.hold = Hold(count: max(1, count), timer: timer) }
            return s.hold
        }
        if let previous { release(previous) }
    }

    /// Waits until `count` of the held requests have arrived (or they were released).
    public func arrived(_ count: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let waits = state.withLock { s -> Bool in
                guard var hold = s.hold, hold.waiting.count < count else { return false }
                hold.waiters.append((count, continuation))
                s.hold = hold
                return true
            }
            if !waits { continuation.resume() }
        }
    }

    /// Begins the held requests that have arrived, and stops waiting for the rest.
    public func releaseHeld() {
        guard let hold = state.withLock({ s -> Hold? in defer { s.hold = nil }; return s.hold }) else { return }
        release(hold)
    }

    private func release(_ hold: Hold) {
        hold.timer?.cancel()
        for waiter in hold.waiters { waiter.continuation.resume() }
        begin(hold.waiting)
    }

    /// Stops every instance (requests still held go to them and get no answer).
    public func stop() async {
        releaseHeld()
        for runtime in instances where runtime.stuck.reason == nil { await runtime.stop() }
    }
}

extension Balancer {
    /// How it balances, in words: "round-robin" or "sticky (…)".
    public static func describe(sticky: Bool) -> String {
        sticky ? "sticky (the balancer's cookie \(cookieName) pins each browser to one instance)" : "round-robin"
    }
}
