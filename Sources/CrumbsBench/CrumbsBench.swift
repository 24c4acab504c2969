import Browser
import Cookies
import Express
import Foundation
import JavaScript
import Lessons

/// In-process round trips: browser → NIO server → JavaScript handler → browser, with the jar and
/// the store updated and nothing printed. Prints p50 and p99 latency and RSS before and after.
@main
enum CrumbsBench {
    static let app = """
    const express = require("express");
    const session = require("express-session");
    const app = express();
    app.use(session({ secret: "keyboard cat", resave: false, saveUninitialized: false }));
    app.get("/", (req, res) => {
      req.session.views = (req.session.views || 0) + 1;
      res.send(`views: ${req.session.views}`);
    });
    app.listen(0);
    """

    static func rssKB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }

    static func main() async throws {
        // The round trip, RSS and app starts are the tutor's, whose apps answer a few requests
        // each; the server, bursts, pairs and handle measure serve's long-running app.
        let mode = CommandLine.arguments.dropFirst().first
        if mode.map({ Int($0) != nil }) ?? true || mode == "start" { JSContext.setTiering(.shortLivedApps) }
        if CommandLine.arguments.dropFirst().first == "server" {
            // The server alone, without `crumbs serve`'s printing: the ceiling for wrk.
            let runtime = ExpressRuntime(source: app)
            try await runtime.load()
            let server = ExpressServer(runtime: runtime, now: { Date() })
            print("port", try await server.start(port: 3998))
            try await Task.sleep(for: .seconds(3600))
            return
        }
        if CommandLine.arguments.dropFirst().first == "lessons" {
            // Reading the lessons of a folder, as the tutor does before its first prompt: the
            // median in milliseconds.
            let folder = URL(fileURLWithPath: CommandLine.arguments.dropFirst(2).first ?? "lessons")
            let texts = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") && $0 != "README.md" }
                .map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
            var times: [Double] = []
            for _ in 0..<21 {
                let start = DispatchTime.now().uptimeNanoseconds
                for text in texts { _ = LessonParser.diagnose(text, file: "l.md") }
                times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            print("first_ms", String(format: "%.2f", times[0]))
            print("median_ms", String(format: "%.2f", times.sorted()[times.count / 2]))
            return
        }
        if CommandLine.arguments.dropFirst().first == "start" {
            // An app's start and end, as the tutor and lint make them for every step: the median
            // of each part in milliseconds.
            let count = Int(CommandLine.arguments.dropFirst(2).first ?? "") ?? 50
            var made: [Double] = [], loaded: [Double] = [], ended: [Double] = []
            for _ in 0..<count {
                var t = DispatchTime.now().uptimeNanoseconds
                func lap() -> Double {
                    let n = DispatchTime.now().uptimeNanoseconds
                    defer { t = n }
                    return Double(n - t) / 1e6
                }
                var runtime: ExpressRuntime? = ExpressRuntime(source: app, now: { Date() }, timerClock: .shared)
                made.append(lap())
                try await runtime!.load()
                loaded.append(lap())
                await runtime!.stop()
                runtime = nil
                ended.append(lap())
            }
            func median(_ v: [Double]) -> String { String(format: "%.2f", v.sorted()[v.count / 2]) }
            print("make_ms", median(made))
            print("load_ms", median(loaded))
            print("end_ms", median(ended))
            // Apps that ended leave nothing alive in the VMs kept for the next (the count includes
            // the running app's global and the one each kept VM has of its own).
            let last = ExpressRuntime(source: app, now: { Date() }, timerClock: .shared)
            try await last.load()
            print("js_globals_after", Int(await last.memoryStatistics(collect: true)["globalObjectCount"] ?? 0))
            print("rss_kb", rssKB())
            return
        }
        if CommandLine.arguments.dropFirst().first == "burst" {
            try await burst(file: CommandLine.arguments[2], count: Int(CommandLine.arguments.dropFirst(3).first ?? "") ?? 20_000)
            return
        }
        if CommandLine.arguments.dropFirst().first == "pair" {
            let a = CommandLine.arguments.dropFirst(2)
            let count = a.last.flatMap { Int($0) }
            try await pair(Array(count == nil ? a : a.dropLast()), count: count ?? 40_000)
            return
        }
        if CommandLine.arguments.dropFirst().first == "handle" {
            try await handle(file: CommandLine.arguments[2], count: Int(CommandLine.arguments.dropFirst(3).first ?? "") ?? 20_000)
            return
        }
        let count = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 10_000
        let clock = VirtualClock.system()
        let runtime = ExpressRuntime(source: app, now: { clock.now })
        try await runtime.load()
        let server = ExpressServer(runtime: runtime, now: { clock.now })
        let port = try await server.start(port: 0)
        let browser = Browser(clock: clock, baseURL: CookieURL(host: "localhost", port: port))
        for _ in 0..<200 { _ = try await browser.send(BrowserRequest("/")) }
        let rssBefore = rssKB()
        var samples: [Double] = []
        samples.reserveCapacity(count)
        for _ in 0..<count {
            let start = DispatchTime.now().uptimeNanoseconds
            let e = try await browser.send(BrowserRequest("/"))
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            precondition(e.response?.status == 200)
        }
        let rssAfter = rssKB()
        let objectsAfter = await runtime.memoryStatistics(collect: true)["objectCount"] ?? 0
        // Then as many again four times over: memory should level off, not keep climbing.
        for _ in 0..<(4 * count) { _ = try await browser.send(BrowserRequest("/")) }
        let rssLater = rssKB()
        let objectsLater = await runtime.memoryStatistics(collect: true)["objectCount"] ?? 0
        samples.sort()
        func pct(_ p: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * p))] }
        print(String(format: "roundtrip_p50_ms %.3f", pct(0.50)))
        print(String(format: "roundtrip_p99_ms %.3f", pct(0.99)))
        print("rss_before_kb \(rssBefore)")
        print("rss_after_kb \(rssAfter)")
        print("rss_after_5x_kb \(rssLater)")
        // Live JavaScript objects after a full collection: the same figure twice means nothing
        // is kept per request.
        print("js_objects_after \(Int(objectsAfter))")
        print("js_objects_after_5x \(Int(objectsLater))")
        print("sessions \(runtime.stores.sessions.count)")
        await server.stop()
    }

    /// The app in `file`, started, and a request for `/` with the session cookie of its first
    /// response.
    static func sessionRequest(_ file: String) async throws -> (ExpressRuntime, IncomingRequest) {
        let runtime = ExpressRuntime(source: try String(contentsOfFile: file, encoding: .utf8), file: file)
        try await runtime.load()
        let first = await runtime.handle(IncomingRequest(method: "GET", target: "/", headers: [HeaderField("Host", "localhost")]))
        let cookie = first.response?.headers.first { $0.name.lowercased() == "set-cookie" }?.value.split(separator: ";").first.map(String.init)
        var headers = [HeaderField("Host", "localhost"), HeaderField("User-Agent", "crumbs-bench"), HeaderField("Accept", "*/*")]
        if let cookie { headers.append(HeaderField("Cookie", cookie)) }
        return (runtime, IncomingRequest(method: "GET", target: "/", headers: headers))
    }

    /// `crumbs-bench burst APP.js N`: N requests for `/` with the first response's session cookie,
    /// begun in bursts of 500 on the app's own thread; prints the median burst's CPU time of that
    /// thread a request (JavaScript and natives, no sockets, no hops): steadier than `handle`.
    static func burst(file: String, count: Int) async throws {
        let (runtime, request) = try await sessionRequest(file)
        for _ in 0..<10 { _ = await runtime.burst(request, count: 500) }
        var times: [Double] = []
        for _ in 0..<max(1, count / 500) { times.append(await runtime.burst(request, count: 500)) }
        times.sort()
        print(String(format: "cpu_us_per_request %.2f (quickest %.2f)", times[times.count / 2], times[0]))
    }

    /// `crumbs-bench pair A.js B.js [C.js …] N`: the apps in one process, bursts of 500 requests
    /// taking turns (the order turning each round), N requests each; prints each one's median and
    /// quickest burst (app-thread CPU µs a request), the median of its excess over A, and A as a
    /// share of it, the median of the rounds' own ratios: the machine's drift moves all alike
    /// (`bench/session-maxage-app.js` against `bench/session-app.js` is BENCHMARKS.md's maxAge
    /// share without sockets).
    static func pair(_ files: [String], count: Int) async throws {
        precondition(files.count >= 2, "usage: crumbs-bench pair A.js B.js [C.js …] [N]")
        var apps: [(ExpressRuntime, IncomingRequest)] = []
        for file in files { apps.append(try await sessionRequest(file)) }
        for _ in 0..<10 { for (runtime, request) in apps { _ = await runtime.burst(request, count: 500) } }
        var times = Array(repeating: [Double](), count: apps.count)
        for round in 0..<max(1, count / 500) {
            for k in 0..<apps.count {
                let i = (k + round) % apps.count
                times[i].append(await apps[i].0.burst(apps[i].1, count: 500))
            }
        }
        func med(_ v: [Double]) -> Double { v.sorted()[v.count / 2] }
        var line = String(format: "a %.2f (quickest %.2f)", med(times[0]), times[0].min()!)
        for i in 1..<apps.count {
            let name = String(UnicodeScalar(UInt8(ascii: "a") + UInt8(i)))
            line += "  \(name) " + String(format: "%.2f (quickest %.2f)", med(times[i]), times[i].min()!)
            line += "  \(name)-a " + String(format: "%.2f  share %.1f%%", med(zip(times[i], times[0]).map { $0 - $1 }),
                                           100 * med(zip(times[0], times[i]).map { $0 / $1 }))
        }
        print(line)
    }

    /// `crumbs-bench handle APP.js N`: N requests for `/` handed straight to the runtime (no
    /// sockets, nothing printed), with the session cookie of the first response: the CPU time one
    /// request costs the app's thread, steady enough to compare two builds on a busy machine.
    static func handle(file: String, count: Int) async throws {
        let (runtime, request) = try await sessionRequest(file)
        for _ in 0..<2000 { _ = await runtime.handle(request) }
        // CRUMBS_JS_PROFILE=FILE: JavaScriptCore's samples of the measured requests.
        let profile = ProcessInfo.processInfo.environment["CRUMBS_JS_PROFILE"]
        if profile != nil { _ = await runtime.startSampling() }
        func cpu() -> Double {
            var usage = rusage()
            getrusage(RUSAGE_SELF.rawValue, &usage)
            return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e6 + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec)
        }
        // Rounds, and the quickest of them: what else the machine runs only ever adds time.
        var best = (cpu: Double.infinity, wall: Double.infinity)
        for _ in 0..<25 {
            let startCPU = cpu(), start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<(count / 25) { _ = await runtime.handle(request) }
            let n = Double(count / 25)
            best.cpu = min(best.cpu, (cpu() - startCPU) / n)
            best.wall = min(best.wall, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / n)
        }
        print(String(format: "cpu_us_per_request %.2f", best.cpu))
        print(String(format: "wall_us_per_request %.2f", best.wall))
        if let profile, let samples = await runtime.takeSamples() {
            try? samples.write(toFile: profile, atomically: true, encoding: .utf8)
        }
    }
}
