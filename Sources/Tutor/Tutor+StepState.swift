import Browser
import Cookies
import Express
import Foundation
import Lessons

/// Every step starts from the state its lesson defines: a fresh browser, clock and server, then
/// the earlier steps' Try commands (from the lesson's start, or from the last step marked
/// ```` ```crumbs fresh ````). Whatever the learner did before, on whatever path, the step's
/// goals meet the world its author wrote them for. A world still exactly on that path (a clock
/// that stands still, only the step's own commands typed) is that state already, but for the
/// commands not yet typed: those are replayed on it.
extension Tutor {
    /// What a learner can tell apart in the browser and on the server, with session ids
    /// replaced by the data they point at (a replay issues new ids for the same sessions).
    struct StateSummary: Equatable {
        /// Per profile: "name domain path" → value (session cookies by the data they point at).
        var cookies: [String: [String: String]]
        var profile: String
        var rules: CookieRules
        var skew: TimeInterval
        /// The sessions' data without their `cookie` field, sorted.
        var sessions: [String]
        var typedCode: Int
        var serverCode: String?
        /// How many instances of the app run, and whether the balancer is sticky (`scale`).
        var scale = Scale()
    }

    /// A step where the lesson's path starts its app afresh: its code differs from the code
    /// that ran before it, so nothing of the app's JavaScript crosses it, and, while every store
    /// kept its sessions in memory, none of them either (a restart loses them). The world at its
    /// start is the browser, the clock and the scale as the path left them, and the step's app
    /// started anew: kept, a later start over resumes from there instead of the lesson's start.
    struct RestartPoint: Equatable {
        var browser: Browser.State
        var skew: TimeInterval
        var scale: Scale
    }

    struct RestartKey: Hashable {
        var lesson: Int
        var step: Int
    }

    /// The path is about to start step `step`'s app afresh: keeps the world there as a restart
    /// point, while nothing of it lives outside the browser (under a clock that stands still,
    /// so that the same path always leads to the same world).
    func passRestartPoint(lesson: Int, step: Int) async {
        if instances.contains(where: \.keepsDataOutside) || !appFolderIsEmpty(lesson: lessons[lesson].id) {
            cursor.nothingOutside = false
        }
        guard cursor.nothingOutside, clock.standsStill else { return }
        restartPoints[RestartKey(lesson: lesson, step: step)] = RestartPoint(browser: await browser.state, skew: clock.skew, scale: appSlot.scale)
    }

    /// How long a replayed request waits for its answer.
    static let replayTimeout: TimeInterval = 1

    /// Brings the browser, clock and server to the state `step` starts from. Returns what the
    /// final server start printed (its address, console output, or the error in its code).
    ///
    /// When the world is exactly where the lesson's path leads to a step before this one
    /// (`cursor.onPath`), only the rest of the path is replayed on it: a learner walking the
    /// lesson moves on without its earlier steps run again. Otherwise everything starts over.
    func rebuild(lesson index: Int, upTo step: Int) async -> [String] {
        let lesson = lessons[index]
        let from = lesson.steps[...step].lastIndex(where: \.fresh) ?? 0
        var resume: PathPosition?
        if let at = cursor.onPath, at.lesson == index, at.step < step, at.step >= from { resume = at }
        cursor.onPath = nil
        // Starting over, from the latest restart point the path has passed after `from`.
        var restart: (step: Int, point: RestartPoint)?
        if resume == nil, clock.standsStill {
            for i in stride(from: step, through: from + 1, by: -1) {
                if let point = restartPoints[RestartKey(lesson: index, step: i)] {
                    restart = (i, point)
                    break
                }
            }
        }
        if resume == nil {
            stopExercise()
            await browser.reset()
            clock.rewind()
            await stopApp()
            // One instance, as a fresh server has; an earlier step's `scale` is replayed below.
            appSlot.scale = Scale()
            // Sessions a SQLite store kept on the learner's own path do not belong to this start.
            resetAppFolder(lesson: lesson.id)
            if let restart {
                await browser.restore(restart.point.browser)
                clock.advance(by: restart.point.skew)
                appSlot.scale = restart.point.scale
            }
            cursor.nothingOutside = true
        }
        cursor.rebuiltFrom = resume == nil ? restart?.step ?? from : nil
        cursor.replaying = true
        // A replayed route that never answers must not cost the full wait each time a later step
        // is entered; a second is plenty for one that does answer.
        await browser.setTimeout(min(config.timeout, Self.replayTimeout))
        for i in (resume?.step ?? restart?.step ?? from)..<step {
            cursor.stepIndex = i
            // The path a lesson defines runs its exercises solved.
            if let code = lesson.solvedCode(at: i) {
                if appSlot.app?.code != code || appSlot.app?.typed.isEmpty == false {
                    await passRestartPoint(lesson: index, step: i)
                    _ = await startApp(code: code, file: "app.js")
                }
            } else {
                await stopApp()
            }
            // Of the step the world is in, the commands already typed are left out.
            var skip = i == resume?.step ? resume?.typed ?? 0 : 0
            for command in lesson.steps[i].tries {
                let effect = Self.effect(of: command)
                if effect == .leaves { continue }
                if skip > 0 {
                    if effect == .changes { skip -= 1 }
                    continue
                }
                _ = await execute(command)
            }
        }
        cursor.replaying = false
        await browser.setTimeout(config.timeout)
        cursor.stepIndex = step
        var lines: [String] = []
        // The step's log starts here, or with the server when the step starts one.
        cursor.stepLogMark = appSlot.app?.runtime.events.count ?? 0
        if lesson.steps[step].isExercise {
            lines += await startExercise(lesson, step)
        } else if let code = lesson.code(at: step) {
            if appSlot.app?.code != code || appSlot.app?.typed.isEmpty == false || appSlot.app == nil {
                await passRestartPoint(lesson: index, step: step)
                let routesBefore = Set(await appSlot.app?.runtime.routes() ?? [])
                let middlewareBefore = middleware
                let hadApp = appSlot.app != nil
                lines += await startApp(code: code, file: "app.js")
                if hadApp, let app = appSlot.app {
                    let routesAfter = await app.runtime.routes()
                    let added = routesAfter.filter { !routesBefore.contains($0) }
                    let removed = routesBefore.filter { !routesAfter.contains($0) }
                    if !added.isEmpty { lines.append("  routes added: " + added.map { "\($0.method) \($0.path)" }.joined(separator: ", ")) }
                    if !removed.isEmpty { lines.append("  routes removed: " + removed.map { "\($0.method) \($0.path)" }.joined(separator: ", ")) }
                    if middleware != middlewareBefore { lines.append("  middleware now: " + (middleware.isEmpty ? "none" : middleware.joined(separator: ", "))) }
                    let kept = app.runtime.stores.all.contains { if case .sqlite(_, _?, _) = $0.kind { true } else { false } }
                    lines.append(kept ? "  (the server restarted with the new code; the SQLite file kept its sessions)"
                                      : "  (the server restarted with the new code, so MemoryStore starts empty)")
                }
            }
        } else {
            await stopApp()
        }
        cursor.last = nil
        cursor.stepExchanges = []
        // A clock that stands still is the same clock later; under the system clock, what the
        // learner types runs later than the replay would, and cookies age meanwhile. An exercise
        // runs the learner's own code.
        if clock.standsStill && !lesson.steps[step].isExercise {
            cursor.onPath = PathPosition(lesson: index, step: step)
        }
        return lines
    }

    /// What a command line does to the world (a line that does not parse changes it, to be safe).
    static func effect(of line: String) -> TutorCommand.Effect {
        let words = CommandLineParser.words(line)
        guard let word = words.first, let command = command(named: word),
              let arguments = try? command.arguments.parse(Array(words.dropFirst())) else { return .changes }
        return command.effect(arguments)
    }

    /// Follows a command the learner typed: the world stays on the lesson's path while each
    /// command that changes it is the step's next one, as written.
    func follow(_ words: [String], effect: TutorCommand.Effect) {
        guard let at = cursor.onPath, !cursor.replaying, effect == .changes else { return }
        let lesson = lessons[at.lesson]
        let next = lesson.steps[at.step].tries.filter { Self.effect(of: $0) == .changes }.map(CommandLineParser.words)
        if at.typed < next.count, next[at.typed] == words {
            cursor.onPath?.typed += 1
        } else {
            cursor.onPath = nil
        }
    }

    /// The world left the lesson's path some other way (code typed or loaded, a request cut
    /// short, an exercise file saved).
    func leavePath() {
        if !cursor.replaying { cursor.onPath = nil }
    }

    /// The learner-visible state, for saying what a step's start put back.
    func stateSummary() async -> StateSummary {
        let sessions = self.sessions
        var byID: [String: String] = [:]
        for entry in sessions { byID[entry.id] = Self.withoutCookie(entry.json) }
        var cookies: [String: [String: String]] = [:]
        for profile in await browser.profiles {
            var jar: [String: String] = [:]
            for cookie in await browser.jar(profile).sorted {
                let key = "\(cookie.name) \(cookie.domain) \(cookie.path)"
                jar[key] = Self.sessionData(in: cookie.value, sessions: byID) ?? cookie.value
            }
            cookies[profile] = jar
        }
        return StateSummary(cookies: cookies, profile: await browser.currentProfile,
                            rules: await browser.rules, skew: clock.skew,
                            sessions: byID.values.sorted(), typedCode: appSlot.app?.typed.count ?? 0, serverCode: appSlot.app?.code,
                            scale: appSlot.scale)
    }

    /// A signed session id (`s:ID.SIGNATURE`, percent-encoded) stands for its session's data.
    static func sessionData(in value: String, sessions: [String: String]) -> String? {
        let decoded = value.removingPercentEncoding ?? value
        guard decoded.hasPrefix("s:"), let dot = decoded.lastIndex(of: ".") else { return nil }
        let id = String(decoded[decoded.index(decoded.startIndex, offsetBy: 2)..<dot])
        return "session " + (sessions[id] ?? "(gone from the store)")
    }

    static func withoutCookie(_ json: String) -> String {
        guard var object = (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: Any] else { return json }
        object["cookie"] = nil
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return json }
        return String(decoding: data, as: UTF8.self)
    }

    /// One line saying what differed between the learner's world and the step's start, or nil.
    static func putBack(from before: StateSummary, to after: StateSummary) -> String? {
        var parts: [String] = []
        let profiles = Set(before.cookies.keys).union(after.cookies.keys).sorted { a, b in
            a == Browser.defaultProfile || (b != Browser.defaultProfile && a < b)
        }
        for profile in profiles {
            let old = before.cookies[profile] ?? [:], new = after.cookies[profile] ?? [:]
            let name = { (key: String) in String(key.split(separator: " ").first ?? "") }
            let removed = Set(old.keys.filter { new[$0] == nil }.map(name)).sorted()
            let added = Set(new.keys.filter { old[$0] == nil }.map(name)).sorted()
            let changed = Set(new.keys.filter { old[$0] != nil && old[$0] != new[$0] }.map(name)).sorted()
            var said: [String] = []
            if !removed.isEmpty { said.append("without " + removed.joined(separator: ", ")) }
            if !added.isEmpty { said.append("with " + added.joined(separator: ", ")) }
            if !changed.isEmpty { said.append(changed.joined(separator: ", ") + " as the lesson left " + (changed.count == 1 ? "it" : "them")) }
            guard !said.isEmpty else { continue }
            let whose = profile == Browser.defaultProfile ? "the jar" : "\(profile)'s jar"
            parts.append(new.isEmpty && after.cookies[profile] == nil ? "\(profile)'s browser closed" : whose + " " + said.joined(separator: ", "))
        }
        if before.profile != after.profile { parts.append("browsing as \(after.profile) again") }
        if before.rules.browser != after.rules.browser { parts.append("\(after.rules.browser.name)'s rules again") }
        if before.rules.thirdPartyOverride != after.rules.thirdPartyOverride {
            switch after.rules.thirdPartyOverride {
            case .block?: parts.append("third-party cookies blocked again")
            case .allow?: parts.append("third-party cookies allowed again")
            case .partition?: parts.append("third-party cookies partitioned again")
            case nil: parts.append("third-party cookies as \(after.rules.browser.name) handles them (\(after.rules.thirdParty.rawValue)ed) again")
            }
        }
        let skew = after.skew - before.skew
        if abs(skew) >= 1 {
            parts.append("the clock \(skew < 0 ? "back" : "forward") by \(CommandLineParser.describe(abs(skew)))")
        }
        if before.scale != after.scale {
            let count = after.scale.instances == 1 ? "one instance" : "\(after.scale.instances) instances"
            parts.append("the app as \(count)" + (after.scale.sticky ? ", sticky," : "") + " again")
        }
        if before.typedCode > 0 {
            parts.append("the step's code without what you typed at the prompt")
        } else if before.serverCode == after.serverCode && before.sessions != after.sessions {
            parts.append("the session store as the lesson left it (\(after.sessions.count) session\(after.sessions.count == 1 ? "" : "s"))")
        }
        guard !parts.isEmpty else { return nil }
        return "Put back as this step starts: " + parts.joined(separator: "; ") + "."
    }
}
