import Browser
import Cookies
import Foundation

/// What happened in the browser since the running app's server started, in order: the
/// requests and the learner's own moves between them. `export` replays it with curl.
struct BrowserLog {
    /// The server the log belongs to.
    struct Server {
        var file: String
        /// The code it runs (with what was typed at the prompt, when it restarts with it).
        var code: String
        var port: Int
        /// Where the code came from, as a sentence part: "the code of lesson 1, "…", step 3", "`load app.js`".
        var source: String
        /// Each profile's jar as cookies.txt when the server started.
        var jars: [String: String]
        var profile: String
    }

    /// One thing the browser did.
    enum Step {
        /// A request; `replayed` when the tutor sent it to build a step's start.
        case request(BrowserRequest, Exchange, replayed: Bool)
        /// A browser command: what was typed, the profile it acted on, and the cookies it took
        /// out of and put into that profile's jar; `replayed` as for a request.
        case action(command: String, name: String, profile: String, removed: [Cookie], added: [Cookie], note: String?, replayed: Bool)
    }

    private(set) var server: Server?
    private(set) var steps: [Step] = []

    /// A new server: the log starts over.
    mutating func started(_ server: Server?) {
        self.server = server
        steps = []
    }

    mutating func append(_ step: Step) {
        guard server != nil else { return }
        steps.append(step)
    }

    var exchanges: [Exchange] {
        steps.compactMap { if case .request(_, let e, _) = $0 { e } else { nil } }
    }

    /// Browser commands whose effect a replay must know about.
    static let actions: Set<String> = ["set", "unset", "close", "wait", "as", "jar", "document.cookie", "browser", "thirdparty"]
}

extension Tutor {
    /// Runs a browser command and logs what it changed (the jar, the profile, the clock, the rules).
    func logging(_ name: String, line: String, _ run: () async -> Output) async -> Output {
        guard BrowserLog.actions.contains(name), appSlot.log.server != nil else { return await run() }
        let profile = await browser.currentProfile
        let before = await browser.jar(profile).cookies
        let rules = await browser.rules
        let time = clock.now
        let output = await run()
        let after = await browser.jar(profile).cookies
        let removed = before.filter { old in !after.contains { Self.same(old, $0) && old.value == $0.value } }
        let added = after.filter { new in !before.contains { Self.same(new, $0) && new.value == $0.value } }
        var note: String?
        switch name {
        case "wait": if clock.now != time { note = CommandLineParser.describe(clock.now.timeIntervalSince(time)) } else { return output }
        case "as": if await browser.currentProfile != profile { note = await browser.currentProfile } else { return output }
        case "browser", "thirdparty": if await browser.rules != rules { note = output.lines.first } else { return output }
        case "close": break
        default: if removed.isEmpty && added.isEmpty { return output }
        }
        appSlot.log.append(.action(command: line.trimmingCharacters(in: .whitespaces), name: name, profile: profile,
                                  removed: removed, added: added, note: note, replayed: cursor.replaying))
        return output
    }

    /// The same cookie slot: name, domain and path (RFC 6265bis §5.7 step 23).
    static func same(_ a: Cookie, _ b: Cookie) -> Bool {
        a.name == b.name && a.domain == b.domain && a.path == b.path && a.partitionKey == b.partitionKey
    }
}
