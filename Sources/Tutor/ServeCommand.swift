import Dispatch
import Express
import Foundation
import Synchronization

/// `crumbs serve`: one Express app on a real port, printing what each request did.
public enum ServeCommand {
    /// Runs until SIGINT (or `stop` finishes). Returns the process exit code.
    public static func run(file: String, port: Int?, host: String, environment: [String: String] = [:], timeLimit: Double = 2,
                           output: @escaping @Sendable (String) -> Void = { print($0) },
                           until stop: (@Sendable () async -> Void)? = nil,
                           onListening: (@Sendable (Int) -> Void)? = nil) async -> Int32 {
        let source: String
        do {
            source = try String(contentsOfFile: file, encoding: .utf8)
        } catch {
            output("crumbs: cannot read \(file): \(error.localizedDescription)")
            return 1
        }
        let name = URL(fileURLWithPath: file).lastPathComponent
        let runtime = ExpressRuntime(source: source, file: name, now: { Date() }, environment: environment, timeLimit: timeLimit)
        let listen: ExpressRuntime.Listen?
        do {
            listen = try await runtime.load()
        } catch {
            if case .code(let jsError) = error { output(jsError.diagnostic(source: source)) } else { output("\(error)") }
            return 1
        }
        for event in runtime.events.all where event.isConsole { output(event.line) }

        let printer = RequestPrinter(runtime: runtime, output: output)
        let server = ExpressServer(runtime: runtime, now: { Date() }, onRequest: { printer.print($0) })
        let bound: Int
        do {
            bound = try await server.start(host: host, port: port ?? listen?.port ?? 3000)
        } catch {
            output("crumbs: \(error)")
            return 1
        }
        for event in runtime.events.since(printer.startMark) where event.requestID == 0 && event.isConsole { output(event.line) }
        printer.markLoaded()
        if let note = await server.portNote { output("crumbs: \(note)") }
        output("crumbs: serving \(name) on http://\(host == "0.0.0.0" ? "localhost" : host):\(bound) (Ctrl-C stops)")
        onListening?(bound)

        if let stop {
            await stop()
        } else {
            await waitForInterrupt()
        }
        await server.stop()
        output("crumbs: stopped")
        return 0
    }

    static func waitForInterrupt() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            signal(SIGINT, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .main)
            let once = Mutex(false)
            source.setEventHandler {
                if once.withLock({ let done = $0; $0 = true; return done }) { return }
                source.cancel()
                continuation.resume()
            }
            source.resume()
        }
    }
}

/// Prints one request, its console output, its decisions and what changed in the store.
final class RequestPrinter: Sendable {
    let runtime: ExpressRuntime
    let output: @Sendable (String) -> Void
    /// The event log's mark at start-up, and each store's journal mark.
    private let state = Mutex<(mark: Int, storeMarks: [Int])>((0, []))

    init(runtime: ExpressRuntime, output: @escaping @Sendable (String) -> Void) {
        self.runtime = runtime
        self.output = output
        state.withLock { $0.mark = runtime.events.count }
    }

    var startMark: Int { state.withLock { $0.mark } }

    func markLoaded() {
        state.withLock { $0.mark = runtime.events.count }
    }

    func print(_ record: ExpressServer.Record) {
        let handled = record.handled
        var text = "\(record.request.method) \(record.request.target) → "
        if let response = handled.response {
            text += "\(response.status) \(response.reason)"
        } else {
            text += "no response (the app stopped first)"
        }
        for event in runtime.events.events(forRequest: handled.id) {
            text += "\n  "
            text += Self.indented(event.line)
        }
        let stores = runtime.stores.all
        let changes = state.withLock { s in
            s.storeMarks += Array(repeating: 0, count: max(0, stores.count - s.storeMarks.count))
            return stores.indices.flatMap { i in
                let changes = stores[i].changes(since: s.storeMarks[i])
                s.storeMarks[i] = stores[i].changeCount
                return changes
            }
        }
        for change in changes {
            switch (change.before, change.after) {
            case (nil, let json?): text += "\n  store + \(change.id) \(json)"
            case (_?, let json?): text += "\n  store ~ \(change.id) \(json)"
            default: text += "\n  store - \(change.id)"
            }
        }
        output(text)
    }

    /// A multi-line event, its later lines indented under the first.
    static func indented(_ line: String) -> String {
        guard line.utf8.contains(UInt8(ascii: "\n")) else { return line }
        return line.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n  ")
    }
}
