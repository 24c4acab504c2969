import Crypto
import Cookies
import Foundation
import JavaScript
import NIOCore
import NIOPosix
import Synchronization

/// One Express app running on JavaScriptCore. All JavaScript runs on this actor, one call at
/// a time; the server hands it requests and gets responses back.
public actor ExpressRuntime {
    /// Where `app.listen` asked to listen.
    public struct Listen: Sendable, Hashable {
        public var port: Int
        public var host: String?
    }

    /// A route the app declared.
    public struct Route: Sendable, Hashable {
        public var method: String
        public var path: String
    }

    /// Which clock fires the app's timers.
    public enum TimerClock: Sendable, Hashable {
        /// Real time on the runtime's event loop, as Node (`crumbs serve`).
        case real
        /// A virtual clock: timers fall due on it and fire only when `advance(to:)` moves it
        /// past them.
        case virtual
        /// The tutor's: a virtual clock shared with the browser, on which timers fall due and
        /// fire when `advance(to:)` moves it past them (`wait 15m`), and which also passes by
        /// itself: a timer fires after as long on the real clock as it asked for.
        case shared
    }

    public nonisolated let file: String
    public nonisolated let source: String
    public nonisolated let events: EventLog
    public nonisolated let stores = StoreRegistry()
    /// The `pg` pools the app made (connect-pg-simple's among them).
    public nonisolated let postgres = PostgresPools()
    /// The modules the app required that keep data outside it (a SQLite file, a PostgreSQL
    /// database), where it outlives the app.
    private nonisolated let outside = Mutex<Set<String>>([])
    /// Whether the app required a module that keeps data outside it (`connect-sqlite3`, `pg`).
    public nonisolated var keepsDataOutside: Bool { !outside.withLock { $0.isEmpty } }
    /// The longest one call into JavaScript may run before it is stopped.
    public nonisolated let timeLimit: Double
    /// How much the process's memory may grow during one call into the app, and how much its
    /// JavaScript heap may hold, before it is stopped (Node stops at its heap limit), in bytes.
    public nonisolated let memoryLimit: Int
    public static let defaultMemoryLimit = 1 << 30

    /// Like Node, each app's JavaScript runs on a thread of its own: this event loop is the
    /// actor's executor, so an app stuck in a loop holds up no other app. Its server's sockets
    /// are read and written on NIO's shared loops, beside it.
    public nonisolated let loop: any EventLoop
    private nonisolated let group: MultiThreadedEventLoopGroup

    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        loop.executor.asUnownedSerialExecutor()
    }

    let now: @Sendable () -> Date
    /// `now` is the system clock: the app's JavaScript reads it itself, without a call to the host.
    let systemClock: Bool
    let randomBytes: @Sendable (Int) -> [UInt8]
    let environment: [String: String]
    /// The folder the app's relative paths start from, as a Node process's current directory:
    /// where `new SQLiteStore({ dir: "." })` keeps its file.
    public nonisolated let workingDirectory: URL
    let js: JSContext
    var crumbs: JSValue!
    /// The prelude's entry points, looked up once.
    var handleFunction: JSValue!
    var drainFunction: JSValue!
    /// Node's turns (`ExpressRuntime+Turns.swift`): the prelude's `runTicksOnly`, and whether a
    /// check phase (the immediates' turn) is already queued on the loop.
    var ticksFunction: JSValue!
    /// The prelude's queues of `process.nextTick` and `setImmediate` callbacks.
    var tickQueue: JSValue!
    var immediateQueue: JSValue!
    var checkPhaseQueued = false
    /// The requests waiting for the app's answer: how to complete each, and the client's port.
    var pending: [Int: (port: Int?, complete: (OutgoingResponse?) -> Void)] = [:]
    /// Told when the app is quiet with requests waiting (`ExpressRuntime+Quiet`).
    let quietListener: QuietListener?
    /// Database queries out (postgres-nio), whose callbacks are still to come.
    var hostOperations = 0
    var nextRequestID = 1
    var stopped = false
    /// Set from another thread when a call into JavaScript outlives every limit (a loop of
    /// `await`s, where JavaScriptCore lacks the hook that lets the limit reach promise jobs:
    /// `JSContext+Jobs.swift`). The app's thread is lost; the server answers 503 with the reason
    /// and can still shut down.
    public nonisolated let stuck: StuckWatch
    /// Why the runtime stopped itself, if it did (requests are answered 503 with it).
    public private(set) var stopReason: String?
    public nonisolated let timerClock: TimerClock
    /// Real-clock timers waiting on the loop, by id.
    var scheduledTimers: [Int: Scheduled<Void>] = [:]
    /// Virtual-clock timers by id: when each is due, and the order they were set in.
    var virtualTimers: [Int: (due: Date, order: Int)] = [:]
    var timerOrder = 0
    /// While `advance(to:)` fires a timer, the virtual time it was due at.
    var virtualNow: Date?
    /// Responses the app gave during the current call into JavaScript; they go out when the
    /// call returns, so that what the same call logged afterwards (a second res.send) belongs
    /// to the request.
    var answered: [(id: Int, response: OutgoingResponse)] = []

    /// Prepares a runtime for `source`; `load()` runs it. `now` is the app's clock; `nil` is the
    /// system clock (`crumbs serve`). `quiet` is told when a request waits with nothing queued
    /// that could answer it (`QuietListener`).
    public init(source: String, file: String = "app.js", now: (@Sendable () -> Date)? = nil,
                randomBytes: @escaping @Sendable (Int) -> [UInt8] = ExpressRuntime.systemRandomBytes,
                environment: [String: String] = [:], timeLimit: Double = 2, timerClock: TimerClock = .real,
                memoryLimit: Int = ExpressRuntime.defaultMemoryLimit,
                workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
                eventCapacity: Int = EventLog.defaultCapacity, quiet: QuietListener? = nil) {
        self.events = EventLog(capacity: eventCapacity)
        self.quietListener = quiet
        self.workingDirectory = workingDirectory
        self.memoryLimit = memoryLimit
        self.timerClock = timerClock
        self.source = source
        self.file = file
        self.now = now ?? { Date() }
        self.systemClock = now == nil
        self.randomBytes = randomBytes
        self.environment = environment
        self.timeLimit = timeLimit
        self.js = JSContext(timeLimit: timeLimit, memoryLimit: memoryLimit)
        let events = self.events
        self.stuck = StuckWatch(patience: timeLimit + Self.stuckGrace, onStuck: { reason, requestID in
            events.append(ServerEvent(kind: .console(level: "error"),
                                      text: "\(reason). crumbs answers every request 503 while it runs; fix the code and start the app again.",
                                      requestID: requestID))
        }, onRecovered: {
            events.append(ServerEvent(kind: .console(level: "error"), text: "the call ended after all: crumbs answers requests again.", requestID: 0))
        })
        self.group = AppLoops.shared.take()
        self.loop = group.next()
    }

    isolated deinit {
        // Isolated: it runs on the app's own thread, so the JavaScript context and the values
        // that hold it go there: its last entry into JavaScript (the drain of what jobs are left)
        // runs where all the others ran. The VM may outlive the app, kept for the next one
        // (`VirtualMachinePool`), and so may the thread (`AppLoops`), free of this app: a timer
        // still scheduled (an app dropped without `stop()`) would only find it gone, but would
        // wait in the next app's loop until due.
        for (_, task) in scheduledTimers { task.cancel() }
        AppLoops.shared.give(group)
    }

    public static let systemRandomBytes: @Sendable (Int) -> [UInt8] = { n in
        var g = SystemRandomNumberGenerator()
        return (0..<n).map { _ in UInt8.random(in: 0...255, using: &g) }
    }

    /// Checks that `source` parses, without running anything.
    public static func checkSyntax(_ source: String, file: String = "app.js") throws(ExpressError) {
        do { try JSContext.checkSyntax(source, file: file) } catch { throw .code(error) }
    }

    /// Installs the modules and runs the app's code. Returns where `app.listen` asked to listen,
    /// or `nil` when it never called listen (the last app created is served then).
    @discardableResult
    public func load() throws(ExpressError) -> Listen? {
        do {
            try installNatives()
            for script in [RuntimeScript.stack, .prelude] { try js.evaluate(script.text) }
            crumbs = try js.global.get("__crumbs")
            for script in RuntimeScript.atStart { try js.evaluate(script.text) }
            handleFunction = try crumbs.get("handle")
            drainFunction = try crumbs.get("drain")
            ticksFunction = try crumbs.get("runTicksOnly")
            tickQueue = try crumbs.get("queues").get("ticks")
            immediateQueue = try crumbs.get("queues").get("immediates")
            js.onUnhandledRejection(try crumbs.get("reportRejection"))
            // The app's code reaches crumbs only through require and the globals Node has.
            js.deleteGlobal("__crumbs")
            js.deleteGlobal("__crumbsStack")
        } catch {
            fatalError("crumbs's own JavaScript failed to load: \(error)")
        }
        do {
            try js.checkSyntax(source, file: file)
            try js.evaluate(source, file: file)
        } catch {
            throw .code(Self.userFacing(error))
        }
        pump()
        guard (try? crumbs.get("apps").get("length").numberValue) ?? 0 > 0 else { throw .noApp(file: file) }
        guard let listening = try? crumbs.get("listening"), listening.isObject else { return nil }
        let port = (try? listening.get("port").numberValue) ?? 0
        let host = try? listening.get("host")
        return Listen(port: JSValue.integer(port, in: 0...65535), host: host.flatMap { $0.isString ? $0.stringValue : nil })
    }

    /// Runs a module's script on its first `require` (`RuntimeScript.onDemand`): the scripts find
    /// crumbs' internals on the global object, there only while they run.
    func load(_ script: RuntimeScript) {
        if script.storesOutside { outside.withLock { _ = $0.insert(script.rawValue) } }
        do {
            try js.global.set("__crumbs", crumbs)
            defer { js.deleteGlobal("__crumbs") }
            try js.evaluate(script.text)
        } catch {
            fatalError("crumbs's own JavaScript failed to load: \(error)")
        }
    }

    /// Tells the app it is listening: runs the `app.listen` callback.
    public func didListen(port: Int) {
        guard let listening = try? crumbs.get("listening"), listening.isObject else { return }
        try? crumbs.set("boundPort", js.number(Double(port)))
        if let callback = try? listening.get("callback"), callback.isFunction {
            run { _ = try callback.call() }
        }
    }

    /// The routes declared with app.get, app.post, …, in order.
    public func routes() -> [Route] {
        guard let list = try? crumbs.get("routes").elements() else { return [] }
        return list.compactMap { r in
            guard let m = try? r.get("method").stringValue, let p = try? r.get("path").stringValue else { return nil }
            return Route(method: m, path: p)
        }
    }

    /// Runs JavaScript typed at the prompt against the live app; returns the value as Node's
    /// REPL would show it.
    public func evaluate(_ code: String) throws(ExpressError) -> String {
        let value: JSValue
        stuck.begin(requestID: 0)
        defer { stuck.end() }
        do {
            value = try js.evaluate(code, file: "<prompt>")
        } catch {
            // What the code queued or answered before it threw still goes out.
            pump()
            throw .evaluation(Self.userFacing(error))
        }
        pump()
        let inspected = try? crumbs.get("inspect").call([value]).stringValue
        return inspected ?? value.stringValue
    }

    /// A request and the app's answer; `response` is `nil` when the runtime stopped first.
    public struct Handled: Sendable, Hashable {
        /// The id the request's events carry.
        public var id: Int
        public var response: OutgoingResponse?
    }

    /// Runs one request through the app. A route that never answers keeps the caller waiting,
    /// as Node does, until the runtime stops.
    public func handle(_ request: IncomingRequest) async -> Handled {
        await withCheckedContinuation { continuation in
            begin(request) { continuation.resume(returning: $0) }
        }
    }

    /// Starts one request; `completion` runs on this actor when the app answers, or with no
    /// response when the runtime stops first.
    public func begin(_ request: IncomingRequest, completion: @escaping (Handled) -> Void) {
        if stopped { return completion(Handled(id: 0, response: stopReason.map(Self.unavailable))) }
        let id = nextRequestID
        nextRequestID += 1
        // JavaScriptCore's young collections leave the old space to grow for a long time; a
        // full collection now and then (about 5 ms) keeps a long-running server's memory level.
        if id % Self.requestsPerCollection == 0 { js.collectGarbage() }
        // The per-call limit misses an app that keeps a little more on every request; its own
        // heap (strings and buffers included) is checked now and then, between calls. Reading
        // the heap's figures walks every object in it (milliseconds for a served app); what the
        // heap holds lies within the process's resident memory, so while that is under the
        // limit there is nothing to find.
        if id % Self.requestsPerHeapCheck == 0, JSContext.residentMemory().map({ $0 > memoryLimit }) ?? true {
            let figures = js.memoryStatistics()
            let held = Int((figures["heapSize"] ?? 0) + (figures["extraMemorySize"] ?? 0))
            if held > memoryLimit {
                let reason = "the app's JavaScript heap holds more than \(memoryLimit >> 20) MB (Node would stop with \"JavaScript heap out of memory\")"
                report("stopped: \(reason). crumbs stopped the app; fix it and start it again.", failing: 0)
                stopReason = reason
                stop()
                js.collectGarbage()
                return completion(Handled(id: id, response: Self.unavailable(reason)))
            }
        }
        pending[id] = (request.remotePort, { completion(Handled(id: id, response: $0)) })
        events.began(id, request)
        let headers = Self.headerList(request.headers, in: js)
        run(requestID: id, immediates: .checkPhase) {
            _ = try handleFunction.call([
                js.number(Double(id)), js.string(request.method), js.string(request.target),
                headers, js.string(request.body), js.string(request.remoteAddress),
            ], this: crumbs).numberValue
        }
    }

    /// Stops the app: requests still waiting get no response.
    public func stop() {
        stopped = true
        for (_, task) in scheduledTimers { task.cancel() }
        scheduledTimers.removeAll()
        virtualTimers.removeAll()
        postgres.endAll()
        let waiting = pending
        pending.removeAll()
        for (_, entry) in waiting { entry.complete(stopReason.map(Self.unavailable)) }
        checkQuiet()
    }

    /// The answer to every request once the app stopped itself.
    static func unavailable(_ reason: String) -> OutgoingResponse {
        let body = "The app was stopped: \(reason)\n"
        return OutgoingResponse(status: 503, reason: "Service Unavailable", headers: [
            HeaderField("Content-Type", "text/plain; charset=utf-8"), HeaderField("Content-Length", String(body.utf8.count)),
        ], body: body)
    }

    /// Starts JavaScriptCore's sampling profiler on the app (for benchmarks).
    public func startSampling() -> Bool { js.startSampling() }

    /// The profiler's samples as JSON (see `bench/js-profile`).
    public func takeSamples() -> String? { js.takeSamples() }

    /// The JavaScript heap's figures (see `JSContext.memoryStatistics`), for benchmarks.
    public func memoryStatistics(collect: Bool = false) -> [String: Double] {
        js.memoryStatistics(collect: collect)
    }

    /// How many requests pass between full garbage collections.
    static let requestsPerCollection = 10_000
    static let requestsPerHeapCheck = 4096

    /// The requests the app has not answered yet.
    public var waitingRequests: Int { pending.count }

    // MARK: Running JavaScript

    /// Runs a call into JavaScript, then the callbacks it queued (its immediates now, or in the
    /// check phase). A failure is logged, and a request it belonged to is answered with a 500.
    func run(requestID: Int = 0, origin: String? = nil, immediates: Immediates = .now, _ body: () throws -> Void) {
        stuck.begin(requestID: requestID)
        defer { stuck.end() }
        do {
            try body()
        } catch let error as JSError {
            fail(requestID: requestID, error, origin: origin)
        } catch {
            fail(requestID: requestID, .exception(name: "Error", message: "\(error)", location: nil, stack: ""), origin: origin)
        }
        switch immediates {
        case .now: pump()
        case .checkPhase: pumpTicks()
        }
        checkQuiet()
    }

    /// How long past its time limit a call may run before it is taken for stuck (the limits
    /// stop a loop within a collection or two; a busy machine can take seconds more).
    static let stuckGrace = 5.0

    /// Runs queued ticks and immediates until none are left; each round is its own call, so
    /// promise reactions run between them.
    func pump() {
        // The queues as the last call left them, its promise reactions included (they run as the
        // call returns), read without another call into JavaScript.
        var rounds = 0
        while rounds < 1000, !stopped, queuedCallbacks > 0 {
            rounds += 1
            do { _ = try drainFunction.call([], this: crumbs) } catch { fail(requestID: 0, error); break }
        }
        sendAnswered()
    }

    /// The ticks and immediates waiting in the prelude's queues.
    var queuedCallbacks: Int { tickQueue.arrayLength + immediateQueue.arrayLength }

    /// Hands the responses of the call that just returned to their requests.
    func sendAnswered() {
        while !answered.isEmpty {
            let (id, response) = answered.removeFirst()
            pending.removeValue(forKey: id)?.complete(response)
        }
    }

    /// An error thrown inside crumbs's own modules (`crumbs/….js`) is placed at the first frame of
    /// the learner's code that led to it, which is where the mistake is.
    static func userFacing(_ error: JSError) -> JSError {
        guard case .exception(let name, let message, let location, let stack) = error,
              location?.file.hasPrefix(RuntimeScript.folder) ?? false else { return error }
        for frame in stack.split(separator: "\n") {
            let place = frame.split(separator: "@").last.map(String.init) ?? String(frame)
            let parts = place.split(separator: ":")
            guard parts.count >= 3, !place.hasPrefix(RuntimeScript.folder),
                  let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) else { continue }
            let file = parts.dropLast(2).joined(separator: ":")
            return .exception(name: name, message: message, location: JSLocation(file: file, line: line, column: column), stack: stack)
        }
        return error
    }

    func fail(requestID: Int, _ error: JSError, origin: String? = nil) {
        let text: String
        if case .memoryLimitExceeded = error {
            // Like Node at its heap limit, the app ends; the server stays up and says why.
            let reason = "the process's memory grew by more than \(memoryLimit >> 20) MB during one call into the app (Node would stop with \"JavaScript heap out of memory\")"
            text = "stopped: \(reason). crumbs stopped the app; fix it and start it again."
            report(text, failing: requestID)
            stopReason = reason
            stop()
            js.collectGarbage()
            return
        } else if case .timeLimitExceeded = error {
            if let origin {
                text = "\(error.message). \(origin) was stopped."
            } else if requestID != 0 {
                text = "\(error.message). The request was stopped and answered 500."
            } else {
                text = "\(error.message). The app's code was stopped."
            }
        } else if let origin {
            text = "\(error.description)\n(in \(origin))"
        } else {
            text = error.description
        }
        report(text, failing: requestID)
    }

    /// Logs an error; the request it belonged to, if still waiting, is answered 500.
    func report(_ text: String, failing requestID: Int) {
        events.append(ServerEvent(kind: .console(level: "error"), text: text, requestID: requestID))
        // A request the app already answered in this call keeps its answer.
        if requestID != 0, !answered.contains(where: { $0.id == requestID }), let complete = pending.removeValue(forKey: requestID)?.complete {
            let body = "Internal Server Error"
            complete(OutgoingResponse(status: 500, reason: "Internal Server Error", headers: [
                HeaderField("X-Powered-By", "Express"), HeaderField("Content-Type", "text/plain; charset=utf-8"),
                HeaderField("Content-Length", String(body.utf8.count)),
            ], body: body))
        }
    }

    func respond(_ id: Int, _ response: OutgoingResponse) {
        answered.append((id, response))
    }

    /// The app handed over a response the host will not send: logged, and answered 500.
    func refuse(_ id: Int, _ refusal: Refusal) {
        fail(requestID: id, .exception(name: "Error", message: "crumbs refused the app's response: \(refusal.message)",
                                       location: nil, stack: ""))
    }

    func fireTimer(_ id: Int) {
        guard !stopped else { return }
        run(origin: "A timer callback") { _ = try crumbs.invoke("fireTimer", [js.number(Double(id))]) }
    }

    // MARK: Timers

    /// Arms (or re-arms) timer `id` to fire in `milliseconds`, on the runtime's clock.
    func schedule(timer id: Int, milliseconds: Int) {
        guard !stopped else { return }
        cancel(timer: id)
        switch timerClock {
        case .real:
            let loop = self.loop
            scheduledTimers[id] = loop.scheduleTask(in: .milliseconds(Int64(milliseconds))) { [weak self] in
                guard let self else { return }
                self.assumeIsolated { runtime in
                    runtime.scheduledTimers[id] = nil
                    runtime.fireTimer(id)
                }
            }
        case .virtual, .shared:
            timerOrder += 1
            let due = (virtualNow ?? now()).addingTimeInterval(Double(milliseconds) / 1000)
            virtualTimers[id] = (due, timerOrder)
            guard timerClock == .shared else { return }
            // Time also passes by itself: a timer falls due after as long on the real clock as it
            // asked for, unless `advance(to:)` (the tutor's `wait`) gets there first.
            let seconds = min(max(0, due.timeIntervalSince(now())), Double(milliseconds) / 1000, 1e8)
            scheduledTimers[id] = loop.scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) { [weak self] in
                guard let self else { return }
                self.assumeIsolated { runtime in
                    runtime.scheduledTimers[id] = nil
                    runtime.advance(to: max(runtime.now(), due))
                }
            }
        }
    }

    func cancel(timer id: Int) {
        scheduledTimers.removeValue(forKey: id)?.cancel()
        virtualTimers[id] = nil
    }

    /// The virtual clock moves to `date`: the timers due by then fire, earliest first (those set
    /// at the same time in the order they were set), each seeing its own due time as `virtualNow`.
    /// Timers a callback sets fire too when they fall due by `date`. Returns how many fired.
    @discardableResult
    public func advance(to date: Date) -> Int {
        var fired = 0
        while !stopped, fired < Self.timersPerAdvance, let next = virtualTimers.filter({ $0.value.due <= date })
            .min(by: { ($0.value.due, $0.value.order) < ($1.value.due, $1.value.order) }) {
            let (id, entry) = (next.key, next.value)
            virtualTimers[id] = nil
            scheduledTimers.removeValue(forKey: id)?.cancel()
            virtualNow = entry.due
            fireTimer(id)
            fired += 1
        }
        virtualNow = nil
        return fired
    }

    /// At most this many timers fire in one `advance(to:)` (an interval of 1 ms over a day would
    /// be 86 million calls).
    static let timersPerAdvance = 10_000

    /// When the next virtual-clock timer is due, if one is set.
    public var nextTimerDue: Date? { virtualTimers.values.map(\.due).min() }
}

