import Browser
import Cookies
import Express
import Foundation
import TerminalUI

/// `together N REQUEST`: N copies of one request sent at once, which race on the session as
/// under Node. The server holds them until all have arrived and begins them in one turn of its
/// event loop, so the race comes out the same every time: each request reads the session
/// before any of them saves it, and the last save wins.
extension Tutor {
    /// The most copies `together` sends.
    static let maxTogether = 10

    func together(_ words: [String]) async -> [String] {
        let usage = "usage: together N REQUEST — 2 to \(Self.maxTogether) copies of a request sent at once, e.g. `together 2 get /count`"
        guard words.count >= 2, let count = Int(words[0]), (2...Self.maxTogether).contains(count) else { return [usage] }
        guard let command = Self.command(named: words[1]), command.group == .requests, command.name != "together" else {
            return ["together: \"\(words[1])\" is not a request (get, post, put, patch, delete, head or options) — \(usage)"]
        }
        let arguments: CommandArguments
        do {
            arguments = try command.arguments.parse(Array(words.dropFirst(2)))
        } catch {
            return ["\(command.name): \(error) — usage: \(command.usage)"]
        }
        let request: BrowserRequest
        switch Self.browserRequest(method: command.name.uppercased(), arguments) {
        case .success(let built): request = built
        case .failure(let problem): return [problem.text]
        }
        if let nowhere = noServer(for: request.target) { return [nowhere] }
        guard let app = appSlot.app else { return ["no server is running: open a lesson or `load FILE.js` first."] }
        do {
            _ = try await browser.resolve(request.target)
        } catch {
            return ["browser: \(error)"]
        }
        let mark = serverMark()
        let jarBefore = await browser.jar().cookies
        // Sent one after another, each once the one before has reached the server, so the
        // server's order (and the session ids it issues) is the order they were sent in.
        let balancer = app.balancer
        balancer.hold(count)
        let browser = self.browser
        var tasks: [Task<Exchange, any Error>] = []
        for arrival in 1...count {
            tasks.append(Task {
                do {
                    return try await browser.send(request)
                } catch {
                    // It never reaches the server: the others go on without it, now.
                    balancer.releaseHeld()
                    throw error
                }
            })
            await balancer.arrived(arrival)
        }
        // Ctrl-C stops waiting for all of them.
        let sent = tasks
        let waiting = Task { () throws -> Exchange in
            try await withTaskCancellationHandler {
                var last: Exchange?
                for task in sent { last = try await task.value }
                guard let last else { throw CancellationError() }
                return last
            } onCancel: {
                for task in sent { task.cancel() }
            }
        }
        repl.currentRequest = waiting
        defer { repl.currentRequest = nil }
        _ = try? await waiting.value
        var exchanges: [Exchange] = []
        var failure: (any Error)?
        for task in tasks {
            do { exchanges.append(try await task.value) } catch { failure = failure ?? error }
        }
        if failure != nil { leavePath() }
        if let failure, exchanges.count < count { return await browserProblem(failure) }

        let records = exchanges.indices.map { lastExchange(exchanges[$0], since: mark, arrival: $0 + 1, perRequest: true) }
        for exchange in exchanges {
            cursor.stepExchanges.append((request, exchange))
            appSlot.log.append(.request(request, exchange, replayed: cursor.replaying))
        }
        cursor.last = records.last
        let origin = await browser.baseURL.origin
        let all = count == 2 ? "both" : "all \(count)", any = count == 2 ? "either" : "any of them"
        var lines = TextLayout.wrap("\(count) × \(request.method) \(request.target) sent at once: \(all) arrived before the server's event loop turned, so each began (and read what it needed from the store) before the callbacks \(any) queued ran, as under Node", width, indent: "  ")
        for (index, record) in records.enumerated() {
            lines += ExchangeView(record: record, origin: origin).exchangeLines(width: width, theme: theme, suffix: " (\(index + 1) of \(count))")
        }
        lines.append("")
        // One picture of the browser and the store: before the first, after the last.
        if var whole = records.last {
            whole.storeBefore = mark.sessions
            whole.storeAfter = sessions
            whole.answeredBy = records.flatMap(\.answeredBy)
            lines += ExchangeView(record: whole, origin: origin)
                .panels(jarBefore: jarBefore, jarAfter: await browser.jar().cookies, width: width, theme: theme)
        }
        lines.append("")
        lines.append(theme.paint("why", .bold))
        for (index, record) in records.enumerated() {
            lines.append("  request \(index + 1) of \(count):")
            let why = ExchangeView(record: record, origin: origin).whyLines(full: false)
            lines += (why.isEmpty ? ["nothing to explain"] : why).flatMap { TextLayout.wrap("    " + $0, width, indent: "      ") }
        }
        lines += ExchangeView(record: records[0], origin: origin).consoleLines(records.flatMap(\.events), width: width, theme: theme)
        return lines + (await goalFeedback())
    }
}
