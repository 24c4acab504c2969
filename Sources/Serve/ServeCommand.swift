import Dispatch
import Express
import Foundation
import Synchronization

/// `crumbs serve`: one Express app on a real port, printing what each request did as it happens.
public enum ServeCommand {
    /// How many recent events each app's log keeps at least under serve.
    static let eventCapacity = 256

    /// The most copies of an app `--instances` runs (each is a thread and a JavaScript heap).
    public static let maxInstances = 16

    /// Runs until SIGINT (or `stop` finishes). Returns the process exit code. `patience` is how
    /// long a request may go unanswered before serve says so (a browser's wait, in seconds).
    /// `instances` copies of the app run behind the port, round-robin or `sticky` (a `Balancer`).
    public static func run(file: String, port: Int?, host: String, environment: [String: String] = [:], timeLimit: Double = 2,
                           patience: Double = 3, instances: Int = 1, sticky: Bool = false,
                           output: @escaping @Sendable (String) -> Void = ServeCommand.writeLine,
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
        // process.env.PORT says where the server will be, before the app's code runs.
        let ports = PortChoice(explicit: port)
        var environment = environment
        if environment["PORT"] == nil { environment["PORT"] = String(ports.chosen) }
        // Several copies: each its own runtime (its own memory), its lines marked [1], [2], …
        let count = max(1, instances)
        let balanced = count > 1 || sticky
        var runtimes: [ExpressRuntime] = []
        var printers: [RequestPrinter] = []
        var listen: ExpressRuntime.Listen?
        for number in 1...count {
            // serve prints each event as it is logged and reads back only the app's start: it
            // keeps a few hundred recent ones, not the tutor's thousands (a long ring of
            // decisions kept alive cost a twentieth of serve's time a request, in cache misses).
            let runtime = ExpressRuntime(source: source, file: name, environment: environment, timeLimit: timeLimit,
                                         eventCapacity: ServeCommand.eventCapacity)
            let printer = RequestPrinter(runtime: runtime, patience: patience, label: balanced ? "[\(number)] " : "", output: output)
            printer.watch()
            do {
                let asked = try await runtime.load()
                if number == 1 { listen = asked }
            } catch {
                if case .code(let jsError) = error { output(jsError.diagnostic(source: source)) } else { output("\(error)") }
                for started in runtimes { await started.stop() }
                return 1
            }
            runtimes.append(runtime)
            printers.append(printer)
        }
        let runtime = runtimes[0], printer = printers[0]

        // For benchmarks: JavaScriptCore's samples of the app, written to this file when serve stops.
        let profile = ProcessInfo.processInfo.environment["CRUMBS_JS_PROFILE"]
        if profile != nil { _ = await runtime.startSampling() }
        let balancer = balanced ? Balancer(instances: runtimes, sticky: sticky, onRouted: { [printers] routing, handled in
            printers[routing.instance - 1].print(routing.request, handled, note: routing.sticky ? routing.note : nil)
        }) : nil
        let onRequest: (@Sendable (ExpressServer.Record) -> Void)? = balanced ? nil : { @Sendable (record: ExpressServer.Record) in printer.print(record) }
        let server = ExpressServer(runtime: runtime, now: { Date() }, onRequest: onRequest, front: balancer)
        let bound: Int
        do {
            bound = try await server.start(host: host, port: ports.target(asked: listen?.port))
        } catch {
            output("crumbs: \(error)")
            await balancer?.stop()
            return 1
        }
        // The server told the first copy it listens; the others listen behind the same port.
        for other in runtimes.dropFirst() { await other.didListen(port: bound) }
        if let note = await server.portNote ?? ports.note(bound: bound) { output("crumbs: \(note)") }
        let printed = runtimes.flatMap { $0.events.all.filter(\.isConsole).map(\.text) }
        if let correction = PortChoice.correction(asked: listen?.port, bound: bound, printed: printed) { output("crumbs: " + correction) }
        let copies = balanced ? " as \(count) instance\(count == 1 ? "" : "s"), " + Balancer.describe(sticky: sticky) + "," : ""
        output("crumbs: serving \(name)\(copies) on http://\(host == "0.0.0.0" ? "localhost" : host):\(bound) (Ctrl-C stops)")
        onListening?(bound)

        if let stop {
            await stop()
        } else {
            await waitForInterrupt()
        }
        if let profile, let samples = await runtime.takeSamples() {
            try? samples.write(toFile: profile, atomically: true, encoding: .utf8)
        }
        await server.stop()
        await balancer?.stop()
        for printer in printers { printer.finish() }
        output("crumbs: stopped")
        return 0
    }

    /// Writes one line to standard output at once, in a terminal or a pipe alike: no buffer
    /// holds it back, so nothing is lost when the server is stopped.
    @Sendable public static func writeLine(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = write(STDOUT_FILENO, raw.baseAddress! + offset, raw.count - offset)
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
            }
        }
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
