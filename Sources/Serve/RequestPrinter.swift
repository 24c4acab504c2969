import Express
import NIOCore
import NIOPosix
import Synchronization

/// Prints `crumbs serve`'s output as it happens: each request when it arrives (`→`), each
/// console line and decision when it is logged (indented under its request), and the response
/// when it is sent (`←`), with what changed in the store. A request left unanswered longer than
/// a browser waits gets a line saying so (`!`).
final class RequestPrinter: Sendable {
    let runtime: ExpressRuntime
    let patience: Double
    let output: @Sendable (String) -> Void
    /// Which copy of the app this is, `[2] `, when several run behind one port; else empty.
    let label: String

    private struct State {
        /// Requests not answered yet: their first line, when serve says it has waited (`nil` once
        /// said, or with no patience), and each store's journal mark as they began (their changes
        /// come after it; answers go out in another order than requests began and changed the
        /// stores when several are open at once).
        var open: [Int: (title: String, due: NIODeadline?, storeMarks: [Int])] = [:]
        /// One timer, for the earliest `due` among the open requests, when one is armed. A
        /// timer per request cost a wake-up of another thread to arm it and one to cancel it.
        var timer: NIODeadline?
        /// The request whose lines are being printed (0: none, the app's own output).
        var shown = 0
    }

    /// Also serializes the output, so a request's lines are never split by another thread's.
    private let state = Mutex(State())

    init(runtime: ExpressRuntime, patience: Double = 3, label: String = "", output: @escaping @Sendable (String) -> Void) {
        self.runtime = runtime
        self.label = label
        self.patience = patience
        self.output = output
    }

    /// Starts printing requests and events as the runtime reports them.
    func watch() {
        runtime.events.observe(EventLog.Observer(
            began: { [weak self] id, request in self?.began(id, request) },
            logged: { [weak self] event in self?.logged(event) }))
    }

    func began(_ id: Int, _ request: IncomingRequest) {
        let title = "\(label)\(request.method) \(request.target)"
        let due = patience > 0 ? NIODeadline.now() + .nanoseconds(Int64(patience * 1e9)) : nil
        let marks = runtime.stores.all.map(\.changeCount)
        state.withLock { s in
            s.open[id] = (title, due, marks)
            if let due, s.timer == nil { arm(at: due, &s) }
            s.shown = id
            output("→ \(title)")
        }
    }

    func logged(_ event: ServerEvent) {
        state.withLock { s in
            if event.requestID == 0 {
                // The app's own output (while it loads, in its timers): as Node prints it; and what a
                // session store did outside any request (connect-sqlite3 opening its file, its cleanup).
                guard event.isConsole || event.kind == .note || Self.isStoreDecision(event) else { return }
                s.shown = 0
                output(label + event.line)
                return
            }
            if s.shown != event.requestID, let open = s.open[event.requestID] {
                s.shown = event.requestID
                output("· \(open.title)")
            }
            output(Self.underRequest(event))
        }
    }

    /// Arms the timer for `due` (on one of NIO's loops).
    private func arm(at due: NIODeadline, _ s: inout State) {
        s.timer = due
        MultiThreadedEventLoopGroup.singleton.any().scheduleTask(deadline: due) { [weak self] () -> Void in
            self?.waited()
        }
    }

    /// The timer fired: each request unanswered for `patience` seconds gets its line, once; the
    /// timer is armed again for the next request that may.
    func waited() {
        let now = NIODeadline.now()
        state.withLock { s in
            s.timer = nil
            let overdue = s.open.filter { $0.value.due.map { $0 <= now } ?? false }.sorted { $0.key < $1.key }
            for (id, open) in overdue {
                s.open[id]?.due = nil
                s.shown = 0
                output("! \(open.title) has not answered after \(Self.seconds(patience)) s: the route has not sent a response yet."
                       + " End it with res.send(...) (or res.json(), res.redirect(), res.end()); until then the browser waits.")
            }
            if let next = s.open.values.compactMap(\.due).min() { arm(at: next, &s) }
        }
    }

    /// The response went out (or the server stopped first).
    func print(_ record: ExpressServer.Record) {
        print(record.request, record.handled)
    }

    /// The response to `request` went out; `note` is the balancer's word on it.
    func print(_ request: IncomingRequest, _ handled: ExpressRuntime.Handled, note: String? = nil) {
        var text = "← \(label)\(request.method) \(request.target) "
        if let response = handled.response {
            text += "\(response.status) \(response.reason)"
        } else {
            text += "no response (the app stopped first)"
        }
        if let note { text += "\n  balancer: " + note }
        let stores = runtime.stores.all
        state.withLock { s in
            let marks = s.open.removeValue(forKey: handled.id)?.storeMarks ?? []
            // The changes this request made to each store (in a store made since it began, all of them).
            let changes = stores.indices.flatMap { i in stores[i].changes(since: marks.indices.contains(i) ? marks[i] : 0, by: handled.id) }
            for change in changes {
                switch (change.before, change.after) {
                case (nil, let json?): text += "\n  store + \(change.id) \(json)"
                case (_?, let json?): text += "\n  store ~ \(change.id) \(json)"
                default: text += "\n  store - \(change.id)"
                }
            }
            s.shown = 0
            output(text)
        }
    }

    /// Forgets the requests still open (the server has stopped): no line says they waited.
    func finish() {
        state.withLock { $0.open.removeAll() }
    }

    /// A decision of a session store's module: its daily cleanup is worth a line of its own.
    static func isStoreDecision(_ event: ServerEvent) -> Bool {
        if case .decision("connect-sqlite3") = event.kind { return true }
        return false
    }

    /// An event's line indented under its request, built in one string (a busy server prints
    /// several per request, on the app's thread).
    static func underRequest(_ event: ServerEvent) -> String {
        var line = "  "
        if case .decision(let source) = event.kind {
            line.reserveCapacity(4 + source.utf8.count + event.text.utf8.count)
            line += source
            line += ": "
        }
        line += indented(event.text)
        return line
    }

    /// A multi-line event, its later lines indented under the first.
    static func indented(_ line: String) -> String {
        guard line.containsByte(UInt8(ascii: "\n")) else { return line }
        return line.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n  ")
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? String(Int(s)) : String(s)
    }
}
