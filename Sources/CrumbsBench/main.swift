import Browser
import Cookies
import Express
import Foundation

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
        if CommandLine.arguments.dropFirst().first == "server" {
            // The server alone, without `crumbs serve`'s printing: the ceiling for wrk.
            let runtime = ExpressRuntime(source: app, now: { Date() })
            try await runtime.load()
            let server = ExpressServer(runtime: runtime, now: { Date() })
            print("port", try await server.start(port: 3998))
            try await Task.sleep(for: .seconds(3600))
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
}
