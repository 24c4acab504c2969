import Browser
import Cookies
import Express
import Foundation
import JavaScript
import Serve
import TerminalUI

extension Tutor {
    /// Starts (or restarts) the server on `code`. A broken app is reported; nothing else stops.
    /// The port is chosen before the code runs, so `process.env.PORT` holds it: the one the app
    /// asks for (3000, or `--port`), or a free one when that is taken.
    func startApp(code: String, file: String) async -> [String] {
        await stopApp()
        appSlot.problem = nil
        appSlot.log.started(nil)
        let ports = PortChoice(explicit: config.port)
        // One clock: the app's timers fall due on the browser's clock, so `wait 15m` fires them.
        let runtime = makeRuntime(code: code, file: file, port: ports.chosen)
        let listen: ExpressRuntime.Listen?
        do {
            listen = try await runtime.load()
        } catch {
            if case .code(let jsError) = error {
                appSlot.problem = jsError.message
                return [theme.paint("the app's code has an error, so no server is running:", .warning), jsError.diagnostic(source: code)]
            }
            return [theme.paint("no server is running: \(error)", .warning)]
        }
        // Every request passes the balancer, which has one instance until `scale` adds more.
        let balancer = Balancer(instances: [runtime], sticky: appSlot.scale.sticky)
        let server = ExpressServer(runtime: runtime, now: { [clock] in clock.now }, front: balancer)
        let port: Int
        do {
            port = try await server.start(host: "127.0.0.1", port: ports.target(asked: listen?.port))
        } catch {
            return ["server: \(error)"]
        }
        let middleware = runtime.events.all.compactMap { event -> String? in
            if case .decision("express") = event.kind, event.requestID == 0, event.text.hasPrefix("app.use(") { return event.text }
            return nil
        }
        appSlot.app = RunningApp(runtime: runtime, server: server, balancer: balancer, code: code, file: file, port: port, middleware: middleware)
        cursor.stepLogMark = 0
        await browser.setBaseURL(CookieURL(host: "localhost", port: port))
        var jars: [String: String] = [:]
        for profile in await browser.profiles { jars[profile] = await browser.jar(profile).cookiesTxt() }
        appSlot.log.started(BrowserLog.Server(file: file, code: code, port: port, source: appSource(file: file),
                                             jars: jars, profile: await browser.currentProfile))
        var lines = ["server: \(file) is running on http://localhost:\(port)"]
        if let moved = await server.portNote ?? ports.note(bound: port) { lines.append("server: \(moved)") }
        let console = runtime.events.all.filter(\.isConsole)
        for event in console {
            lines += event.text.split(separator: "\n", omittingEmptySubsequences: false).map { "  console: \($0)" }
        }
        // Where a session store keeps its sessions, and what it did as it opened (connect-sqlite3).
        lines += runtime.events.all.filter(Self.isStoreNote).map { "  " + $0.line }
        // What the app printed about its port must not mislead: a literal 3000 is not where it is.
        if let correction = PortChoice.correction(asked: listen?.port, bound: port, printed: console.map(\.text)) {
            lines.append("server: " + correction)
        }
        if appSlot.scale.instances > 1 { lines += await startInstances(appSlot.scale.instances) }
        return lines
    }

    /// Where the running code came from, for `export`'s script.
    func appSource(file: String) -> String {
        if let slot = appSlot.exercise { return "the exercise file \(slot.file.path)" }
        if let lesson = currentLesson {
            return "the code of lesson \((cursor.lessonIndex ?? 0) + 1), \"\(lesson.title)\", step \(cursor.stepIndex + 1)"
        }
        return "`load \(file)`"
    }

    func stopApp() async {
        if let app = appSlot.app {
            await app.server.stop()
            await app.balancer.stop()
        }
        appSlot.app = nil
        appSlot.log.started(nil)
    }

    func logLines() -> [String] {
        guard appSlot.app != nil else { return ["no server is running."] }
        let running = instances
        let lines = running.enumerated().flatMap { index, runtime in
            runtime.events.all.filter(\.isConsole).flatMap { event in
                event.text.split(separator: "\n", omittingEmptySubsequences: false).map { (running.count > 1 ? "[\(index + 1)] " : "") + $0 }
            }
        }
        return lines.isEmpty ? ["the server has printed nothing yet."] : lines
    }

    func routeList() async -> [String] {
        guard let app = appSlot.app else { return ["no server is running."] }
        let routes = await app.runtime.routes()
        guard !routes.isEmpty else { return ["the app declares no routes."] }
        return routes.map { "  \(TextLayout.pad($0.method, 7)) \($0.path)" }
    }

    /// `code`: the code the step runs — the exercise file when there is one — with the lines
    /// the step changed marked `+` (for an exercise, the lines you changed), wrapped to the
    /// terminal without splitting a token (continued lines marked `↪`).
    func codeListing() -> [String] {
        let lesson = currentLesson
        var name: String
        var source: String
        var baseline: String?
        var legend: String?
        if let slot = appSlot.exercise {
            name = slot.file.path
            source = (try? String(contentsOf: slot.file, encoding: .utf8)) ?? slot.loaded
            baseline = lesson?.code(at: cursor.stepIndex)
            legend = "+ marks the lines you changed"
        } else if let app = appSlot.app {
            name = app.file
            source = ([app.code] + app.typed).joined(separator: "\n")
            if let lesson, cursor.stepIndex > 0, app.code == lesson.code(at: cursor.stepIndex) {
                baseline = lesson.solvedCode(at: cursor.stepIndex - 1)
                legend = "+ marks the lines this step added"
            }
            if !app.typed.isEmpty {
                baseline = baseline ?? app.code
                legend = (legend.map { $0 + "; " } ?? "") + "typed at the prompt: the last lines"
            }
        } else if let lesson, let code = lesson.code(at: cursor.stepIndex) {
            name = "app.js (not running)"
            source = code
        } else {
            return [lesson == nil ? "no code yet: open a lesson, or `load FILE.js`." : "this step runs no server, so there is no code to show."]
        }
        if source.hasSuffix("\n") { source.removeLast() }
        var unchanged: [Substring: Int] = [:]
        if let baseline { for line in baseline.split(separator: "\n", omittingEmptySubsequences: false) { unchanged[line, default: 0] += 1 } }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let digits = String(lines.count).count
        var out = ["\(name):" + (legend.map { "  (\($0))" } ?? "")]
        for (i, line) in lines.enumerated() {
            var mark = " "
            if baseline != nil {
                if let n = unchanged[line], n > 0 { unchanged[line] = n - 1 } else if !line.trimmingCharacters(in: .whitespaces).isEmpty { mark = "+" }
            }
            let number = String(i + 1)
            let gutter = String(repeating: " ", count: digits - number.count) + number + " " + mark + " "
            let pieces = TextLayout.breakCode(String(line), max(20, width - gutter.count))
            for (j, piece) in pieces.enumerated() {
                let left = j == 0 ? theme.paint(gutter, mark == "+" ? .added : .dim)
                    : theme.paint(String(repeating: " ", count: digits) + " ↪ ", .dim)
                out.append(left + MarkdownText.highlight(piece, theme: theme))
            }
        }
        return out
    }

    /// `restart`: the same code (and what was typed) on a fresh server; MemoryStore starts empty,
    /// a SQLite store's file is still there.
    func restart() async -> [String] {
        guard let app = appSlot.app else { return ["no server is running."] }
        let before = storeCounts()
        let code = ([app.code] + app.typed).joined(separator: "\n")
        var lines = await startApp(code: code, file: app.file)
        lines.append(Self.restartNote(before))
        return lines + (await goalFeedback())
    }

    func loadFile(_ args: [String]) async -> [String] {
        guard let path = args.first else { return ["usage: load FILE.js"] }
        guard let code = try? String(contentsOfFile: path, encoding: .utf8) else { return ["cannot read \(path)"] }
        cursor.lessonIndex = nil
        leavePath()
        return await startApp(code: code, file: URL(fileURLWithPath: path).lastPathComponent)
    }

    /// JavaScript typed at the prompt, run in the live app.
    func evaluateJavaScript(_ source: String) async -> [String] {
        guard var running = appSlot.app else { return ["no server is running: open a lesson or `load FILE.js` first."] }
        let mark = running.runtime.events.count
        let before = Set(await running.runtime.routes())
        var lines: [String] = []
        do {
            let value = try await running.runtime.evaluate(source)
            // Every instance runs the same code: what is typed reaches them all.
            for other in instances.dropFirst() { _ = try? await other.evaluate(source) }
            running.typed.append(source)
            appSlot.app = running
            if value != "undefined" && !value.hasPrefix("<ref") && !value.hasPrefix("[Function: app]") { lines.append(value) }
        } catch {
            if case .evaluation(let e) = error { return [e.diagnostic(source: source)] }
            return ["\(error)"]
        }
        for event in running.runtime.events.since(mark) where event.isConsole { lines.append("console: \(event.text)") }
        let added = (await running.runtime.routes()).filter { !before.contains($0) }
        for route in added { lines.append("route added: \(route.method) \(route.path) — try `\(route.method.lowercased()) \(route.path)`") }
        return lines
    }

    static func startsJavaScript(_ line: String) -> Bool {
        let t = line.trimmingCharacters(in: .whitespaces)
        return ["app.", "const ", "let ", "var ", "router.", "function "].contains { t.hasPrefix($0) }
    }
}
