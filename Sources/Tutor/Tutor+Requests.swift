import Browser
import Cookies
import Express
import Foundation
import Lessons
import TerminalUI

extension Tutor {
    /// `get PATH`, `post PATH body`, …: one browser request, printed with its why.
    func request(method: String, _ args: CommandArguments) async -> [String] {
        let request: BrowserRequest
        switch Self.browserRequest(method: method, args) {
        case .success(let built): request = built
        case .failure(let problem): return [problem.text]
        }
        if let nowhere = noServer(for: request.target) { return [nowhere] }
        let mark = serverMark()
        let browser = self.browser
        let task = Task { try await browser.send(request) }
        repl.currentRequest = task
        defer { repl.currentRequest = nil }
        let exchange: Exchange
        do {
            exchange = try await task.value
        } catch {
            // Cut short or timed out: where the server got to is not where the path leads.
            leavePath()
            return await browserProblem(error)
        }
        let record = lastExchange(exchange, since: mark)
        cursor.last = record
        cursor.stepExchanges.append((request, exchange))
        appSlot.log.append(.request(request, exchange, replayed: cursor.replaying))
        // A step's start replays the steps before it, and prints none of it.
        guard !cursor.replaying else { return [] }
        let view = ExchangeView(record: record, origin: await browser.baseURL.origin)
        return view.render(width: width, theme: theme) + (await goalFeedback())
    }

    /// Why a command's request could not be built: the line to print.
    struct RequestProblem: Error {
        var text: String
    }

    /// The browser's request for `get PATH`, `post PATH body`, … (and `together`).
    static func browserRequest(method: String, _ args: CommandArguments) -> Result<BrowserRequest, RequestProblem> {
        var headers: [HeaderField] = []
        for h in args.options["-H"] ?? [] {
            guard let colon = h.firstIndex(of: ":") else { return .failure(RequestProblem(text: "-H needs a header like -H 'Accept: text/html', not \"\(h)\"")) }
            headers.append(HeaderField(String(h[..<colon]).trimmingCharacters(in: .whitespaces),
                                       String(h[h.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
        }
        let initiator = args.option("--from")
        let topLevel = !args.flags.contains("--subresource")
        let bodyWords = args.rest
        guard let target = args[0] else { return .failure(RequestProblem(text: "usage: \(method.lowercased()) PATH — for example `\(method.lowercased()) /`")) }
        var body: BrowserRequest.Body?
        if !bodyWords.isEmpty {
            let joined = bodyWords.joined(separator: " ")
            if joined.hasPrefix("{") || joined.hasPrefix("[") {
                body = .json(joined)
            } else {
                var pairs: [(String, String)] = []
                for word in bodyWords {
                    guard let eq = word.firstIndex(of: "=") else {
                        return .failure(RequestProblem(text: "\"\(word)\" is not name=value; send a form as `post /login user=alice` or JSON as `post /api {\"a\":1}`"))
                    }
                    pairs.append((String(word[..<eq]), String(word[word.index(after: eq)...])))
                }
                body = .form(pairs)
            }
        }
        return .success(BrowserRequest(method: method, target, headers: headers, body: body,
                                       initiator: initiator, isTopLevelNavigation: topLevel))
    }

    /// With no app running, a request for the lesson's server is not sent: whatever else
    /// listens on that port of this machine (another app, another tutor) is not the lesson's.
    func noServer(for target: String) -> String? {
        guard appSlot.app == nil, Browser.goesToBase(target) else { return nil }
        if let problem = appSlot.problem {
            return "browser: no server is running, so nothing answers: the app's code has an error (\(problem)), and Node would not start it either. `code` shows it."
        }
        return "browser: no server is running: `open N` starts a lesson's, `load FILE.js` your own."
    }

    /// What the browser said when a request could not be sent.
    func browserProblem(_ error: any Error) async -> [String] {
        if case BrowserError.noServer(let origin) = error {
            return ["browser: nothing is listening at \(origin). " + (appSlot.app == nil
                ? "No server is running: `open N` starts a lesson's, `load FILE.js` your own."
                : "The lesson's server is at \(await browser.baseURL.origin).")]
        }
        return ["browser: \(error)"]
    }

    /// Every live session of the running app (of all its instances; a store they share once).
    var sessions: [SessionStore.Entry] { distinctStores.flatMap(\.sessions) }

    /// After anything that changes the world: say so once when the step's goals are all met.
    func goalFeedback() async -> [String] {
        guard let lesson = currentLesson, !cursor.goalsAnnounced, !cursor.replaying else { return [] }
        let step = lesson.steps[cursor.stepIndex]
        guard !step.goals.isEmpty else { return [] }
        let results = GoalChecker.check(step.goals, in: await world(), file: lesson.file)
        guard results.allSatisfy(\.passed) else { return [] }
        cursor.goalsAnnounced = true
        progress.complete(lesson.id, cursor.stepIndex)
        saveProgress()
        let more = cursor.stepIndex + 1 < lesson.steps.count ? " `next` moves on." : " That was the last step of this lesson; `lessons` shows what is next."
        return ["", theme.paint("✓ Every goal of this step is met.", .added) + more]
    }

    /// What goals see.
    func world() async -> World {
        let jar = await browser.jar()
        let cookies = jar.sorted.map {
            World.CookieInfo(name: $0.name, value: $0.value, domain: $0.domain, path: $0.path,
                             expires: $0.expiry.map { $0.timeIntervalSince1970 * 1000 }, session: $0.expiry == nil,
                             httpOnly: $0.httpOnly, secure: $0.secure, sameSite: $0.sameSite?.rawValue, hostOnly: $0.hostOnly)
        }
        let store = sessions.map { World.SessionInfo(id: $0.id, json: $0.json) }
        let log = appSlot.app.map { $0.runtime.events.since(cursor.stepLogMark).filter(\.isConsole).map(\.text) } ?? []
        let document = (try? await browser.documentCookie("/"))?.header ?? ""
        return World(jar: cookies, store: store, last: cursor.stepExchanges.last.map(Self.info), exchanges: cursor.stepExchanges.map(Self.info),
                     log: log, documentCookie: document, profile: await browser.currentProfile,
                     server: World.ServerInfo(running: appSlot.app != nil, error: appSlot.app == nil ? self.appSlot.problem : nil))
    }

    static func info(_ sent: (request: BrowserRequest, exchange: Exchange)) -> World.ExchangeInfo {
        var info = info(sent.exchange)
        info.from = sent.request.initiator
        info.subresource = !sent.request.isTopLevelNavigation
        return info
    }

    static func info(_ e: Exchange) -> World.ExchangeInfo {
        let first = e.hops.first
        var headers: [String: String] = [:]
        for h in e.response?.headers ?? [] where h.name.lowercased() != "set-cookie" {
            let key = h.name.lowercased()
            headers[key] = headers[key].map { $0 + ", " + h.value } ?? h.value
        }
        return World.ExchangeInfo(method: first?.request.method ?? "GET", path: first?.request.url.target ?? "/",
                                  status: e.response?.status, headers: headers, body: e.response?.text ?? "",
                                  setCookies: e.hops.flatMap { $0.response?.setCookies ?? [] }, timedOut: e.timedOut,
                                  cookieSent: e.hops.last?.request.headers["Cookie"])
    }
}
