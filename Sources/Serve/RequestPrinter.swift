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
        /// Each store's journal mark.
        var storeMarks: [Int] = []
        /// Requests not answered yet: their first line, and the timer that reports a long wait.
        var open: [Int: (title: String, timer: Scheduled<Void>?)] = [:]
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
        let patience = self.patience
        // A timer on one of NIO's loops: scheduling and cancelling one costs a heap insert,
        // where a sleeping Task per request cost a task and a wake-up.
        let timer = patience > 0
            ? MultiThreadedEventLoopGroup.singleton.any().scheduleTask(in: .nanoseconds(Int64(patience * 1e9))) { [weak self] () -> Void in
                self?.waited(id)
            }
            : nil
        state.withLock { s in
            s.open[id] = (title, timer)
            s.shown = id
            output("→ \(title)")
        }
    }

    func logged(_ event: ServerEvent) {
        state.withLock { s in
            if event.requestID == 0 {
                // The app's own output (while it loads, in its timers): as Node prints it.
                guard event.isConsole || event.kind == .note else { return }
                s.shown = 0
                output(label + event.line)
                return
            }
            if s.shown != event.requestID, let open = s.open[event.requestID] {
                s.shown = event.requestID
                output("· \(open.title)")
            }
            output("  " + Self.indented(event.line))
        }
    }

    /// A request is still unanswered after `patience` seconds.
    func waited(_ id: Int) {
        state.withLock { s in
            guard let open = s.open[id] else { return }
            s.shown = 0
            output("! \(open.title) has not answered after \(Self.seconds(patience)) s: the route has not sent a response yet."
                   + " End it with res.send(...) (or res.json(), res.redirect(), res.end()); until then the browser waits.")
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
            s.open.removeValue(forKey: handled.id)?.timer?.cancel()
            s.storeMarks += Array(repeating: 0, count: max(0, stores.count - s.storeMarks.count))
            let changes = stores.indices.flatMap { i in
                let changes = stores[i].changes(since: s.storeMarks[i])
                s.storeMarks[i] = stores[i].changeCount
                return changes
            }
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

    /// Cancels the timers of requests still open (the server has stopped).
    func finish() {
        state.withLock { s in
            for (_, open) in s.open { open.timer?.cancel() }
            s.open.removeAll()
        }
    }

    /// A multi-line event, its later lines indented under the first.
    static func indented(_ line: String) -> String {
        guard line.utf8.contains(UInt8(ascii: "\n")) else { return line }
        return line.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n  ")
    }

    static func seconds(_ s: Double) -> String {
        s == s.rounded() ? String(Int(s)) : String(s)
    }
}
