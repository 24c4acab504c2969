import Browser
import Express
import Foundation
import Serve
import TerminalUI

/// `scale N [--sticky]`: the lesson's app as N instances behind the tutor's one port, each a
/// process of its own (its own runtime, so its own memory and its own MemoryStore), with a
/// load balancer in front that sends requests round-robin, or sticky by a cookie of its own.
extension Tutor {
    /// The most instances `scale` starts.
    static let maxInstances = 8

    /// A runtime for the tutor's app: the shared clock, the tutor's random bytes. A route that
    /// never answers would cost the browser its whole time-out (3 s at the prompt, more on a
    /// learner's path that asks twice); the app tells sooner, when the request waits with nothing
    /// queued that could answer it before the browser gives up, and the browser, which sends no
    /// other request while it waits, stops waiting then, with the time-out's outcome.
    func makeRuntime(code: String, file: String, port: Int) -> ExpressRuntime {
        ExpressRuntime(source: code, file: file, now: { [clock] in clock.now }, randomBytes: randomBytes,
                       environment: ["PORT": String(port)], timeLimit: config.timeLimit, timerClock: .shared,
                       workingDirectory: appFolder, quiet: { [browser] port, nextTimerIn in
                           browser.quiet(localPort: port, nextTimerIn: nextTimerIn)
                       })
    }

    /// The running app's instances, instance 1 first (none without a server).
    var instances: [ExpressRuntime] { appSlot.app?.balancer.instances ?? [] }

    /// Whether the balancer shows: several instances, or a sticky one.
    var balanced: Bool { appSlot.scale.instances > 1 || appSlot.scale.sticky }

    /// Brings the running app to `count` instances: new ones run the same code (and what was
    /// typed at the prompt) behind the same port; ones beyond `count` stop. Returns the instances
    /// that stopped, or a problem.
    func setInstances(_ count: Int) async -> Result<[ExpressRuntime], ScaleProblem> {
        guard let app = appSlot.app else { return .failure(.noServer) }
        var running = app.balancer.instances
        var gone: [ExpressRuntime] = []
        if count > running.count {
            let code = ([app.code] + app.typed).joined(separator: "\n")
            for _ in running.count..<count {
                let runtime = makeRuntime(code: code, file: app.file, port: app.port)
                do {
                    try await runtime.load()
                } catch {
                    return .failure(.failedToLoad("\(error)"))
                }
                await runtime.didListen(port: app.port)
                running.append(runtime)
            }
        } else if count < running.count {
            gone = Array(running[count...])
            running.removeLast(running.count - count)
        }
        app.balancer.setInstances(running, sticky: appSlot.scale.sticky)
        for runtime in gone where runtime.stuck.reason == nil { await runtime.stop() }
        return .success(gone)
    }

    enum ScaleProblem: Error {
        case noServer
        case failedToLoad(String)
    }

    /// Called when a server starts while scaled: the other instances start beside it.
    func startInstances(_ count: Int) async -> [String] {
        switch await setInstances(count) {
        case .success: return ["server: \(count) instances behind it, " + Self.balancing(appSlot.scale.sticky) + " (`scale 1` goes back to one)"]
        case .failure(let problem): return ["server: the other instances did not start: \(problem)"]
        }
    }

    static func balancing(_ sticky: Bool) -> String {
        sticky ? "sticky (the balancer's cookie \(Balancer.cookieName) pins each browser to one)" : "round-robin"
    }

    /// `scale N [--sticky]`.
    func scale(_ args: CommandArguments) async -> [String] {
        let usage = "usage: scale N [--sticky] — N from 1 to \(Self.maxInstances), e.g. `scale 2`"
        guard let word = args[0], let count = Int(word), (1...Self.maxInstances).contains(count) else {
            return ["\(usage) (not \"\(args[0] ?? "")\")"]
        }
        guard let app = appSlot.app else { return ["no server is running: open a lesson or `load FILE.js` first."] }
        let sticky = args.flags.contains("--sticky")
        let before = appSlot.scale
        let sessionsBefore = app.balancer.instances.map { $0.stores.sessions.count }
        appSlot.scale = Scale(instances: count, sticky: sticky)
        let gone: [ExpressRuntime]
        switch await setInstances(count) {
        case .success(let stopped): gone = stopped
        case .failure(let problem):
            appSlot.scale = before
            _ = await setInstances(before.instances)
            return ["scale: the new instances did not start: \(problem)"]
        }
        let base = "http://localhost:\(app.port)"
        var lines: [String] = []
        let mode = sticky
            ? "sticky: a browser without the balancer's cookie \(Balancer.cookieName) goes to the next instance in turn, and the answer sets \(Balancer.cookieName) to pin it there; later requests that carry it go to the same instance (nginx's sticky cookie, AWS ALB's AWSALB)"
            : "round-robin: the balancer sends each request to the next instance in turn, " + (1...count).map { "[\($0)]" }.joined(separator: ", ") + ", [1], …, whatever cookies it carries"
        if count == before.instances {
            if sticky == before.sticky {
                lines.append("already \(Self.instancesText(count)) of \(app.file) behind \(base), \(Self.balancing(sticky)).")
            } else {
                lines.append("still \(Self.instancesText(count)) of \(app.file) behind \(base), now \(mode)")
            }
        } else if count > before.instances {
            lines.append("scaled to \(count) instances of \(app.file) behind \(base), \(mode)")
            let kept = (0..<before.instances).map { i in
                let held = sessionsBefore.indices.contains(i) ? sessionsBefore[i] : 0
                return held == 0 ? "[\(i + 1)] has none yet" : "[\(i + 1)] keeps its \(Self.sessionsText(held))"
            }
            let fresh = (before.instances..<count).map { "[\($0 + 1)]" }
            let own = Self.storeKindName(app.runtime.stores.all)
            if storesShared {
                lines.append("  each instance is a process of its own, with its own memory, but they keep their sessions outside it, in one store, \(Self.storeKindName(app.runtime.stores.all)), which each opens: every instance finds every session")
            } else if app.runtime.stores.all.isEmpty {
                lines.append("  each instance is a process of its own, with its own memory")
            } else {
                lines.append("  each instance is a process of its own, with its own memory, and so its own \(own): "
                             + kept.joined(separator: ", ") + "; " + fresh.joined(separator: ", ") + " start\(fresh.count == 1 ? "s" : "") with none")
            }
        } else {
            // Sessions in a store the remaining instances also open (a shared file) are not lost.
            let keptKeys = Set(app.balancer.instances.enumerated().flatMap { i, runtime in
                runtime.stores.all.enumerated().map { Self.storeKey($1, instance: i, index: $0) }
            })
            let own = gone.enumerated().flatMap { i, runtime in
                runtime.stores.all.enumerated().filter { !keptKeys.contains(Self.storeKey($1, instance: count + i, index: $0)) }.map(\.element)
            }
            let lost = own.map(\.sessions.count).reduce(0, +)
            let names = (count..<before.instances).map { "[\($0 + 1)]" }.joined(separator: ", ")
            let its = gone.count == 1 ? "its" : "their", stores = own.allSatisfy({ $0.kind == .memory }) ? (own.count == 1 ? "MemoryStore" : "MemoryStores") : (own.count == 1 ? "store" : "stores")
            let kept = own.isEmpty ? (gone.contains { !$0.stores.all.isEmpty } ? "; the sessions are in the store the instances share, so none are lost." : ".")
                : lost == 0 ? ", and \(its) \(stores) held no sessions."
                : ", and the \(Self.sessionsText(lost)) in \(its) \(stores) went with \(gone.count == 1 ? "it" : "them")."
            lines.append("scaled down to \(Self.instancesText(count)) of \(app.file)"
                         + (count > 1 ? ", \(Self.balancing(sticky))" : "") + ": \(names) stopped" + kept)
            if before.sticky {
                lines.append("  browsers that \(Balancer.cookieName) pinned to \(names) go to another instance from now on.")
            }
        }
        return lines.flatMap { line in
            line.hasPrefix("  ") ? TextLayout.wrap(line, width, indent: "    ") : TextLayout.wrap(line, width, indent: "  ")
        } + (await goalFeedback())
    }

    static func instancesText(_ n: Int) -> String { n == 1 ? "1 instance" : "\(n) instances" }
    static func sessionsText(_ n: Int) -> String { n == 1 ? "1 session" : "\(n) sessions" }
}

extension Tutor.ScaleProblem: CustomStringConvertible {
    var description: String {
        switch self {
        case .noServer: "no server is running"
        case .failedToLoad(let reason): reason
        }
    }
}

extension Tutor {
    /// Where the server's logs, stores and balancer stood before a request, to tell what it did.
    struct ServerMark {
        var sessions: [SessionStore.Entry]
        /// Each instance's sessions, and where its event log stood.
        var instanceSessions: [[SessionStore.Entry]]
        var events: [Int]
        var routings: Int
    }

    func serverMark() -> ServerMark {
        let running = instances
        return ServerMark(sessions: sessions, instanceSessions: running.map(\.stores.sessions),
                          events: running.map(\.events.count), routings: appSlot.app?.balancer.routingCount ?? 0)
    }

    /// What the server did for `exchange` since `mark`: its events (with the balancer's word
    /// when it shows), the stores before and after. `perRequest` takes the events request by
    /// request, and `arrival` picks one of requests that arrived together.
    func lastExchange(_ exchange: Exchange, since mark: ServerMark, arrival: Int? = nil, perRequest: Bool = false) -> LastExchange {
        let running = instances
        guard balanced || perRequest, let balancer = appSlot.app?.balancer else {
            let events = running.first.map { $0.events.since(mark.events.first ?? 0) } ?? []
            return LastExchange(exchange: exchange, events: events, storeBefore: mark.sessions, storeAfter: sessions,
                                storeName: storePanelName)
        }
        let routings = balancer.routings(since: mark.routings).filter { arrival == nil || $0.arrival == arrival }
        var events: [ServerEvent] = []
        for routing in routings {
            if balanced { events.append(ServerEvent(kind: .decision(source: "balancer"), text: routing.note, requestID: routing.requestID)) }
            guard running.indices.contains(routing.instance - 1) else { continue }
            events += running[routing.instance - 1].events.events(forRequest: routing.requestID)
        }
        var record = LastExchange(exchange: exchange, events: events, storeBefore: mark.sessions, storeAfter: sessions,
                                  storeName: storePanelName)
        if balanced { record.answeredBy = routings.map(\.instance) }
        // One panel group per instance, unless they share their store.
        if running.count > 1, !storesShared {
            record.instanceStores = running.indices.map { i in
                InstanceStore(name: Self.storeKindName(running[i].stores.all),
                              before: i < mark.instanceSessions.count ? mark.instanceSessions[i] : [], after: running[i].stores.sessions)
            }
        }
        return record
    }
}
