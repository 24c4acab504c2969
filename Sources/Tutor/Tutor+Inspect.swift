import Browser
import Cookies
import Foundation
import TerminalUI

extension Tutor {
    /// `why`: every decision of the last request.
    func why() -> [String] {
        guard let last = cursor.last else { return ["no request yet: try `get /`."] }
        let view = ExchangeView(record: last, origin: "")
        var lines: [String] = []
        for (i, hop) in last.exchange.hops.enumerated() {
            lines.append("\(i + 1). \(hop.request.method) \(hop.request.url)")
            lines.append("   browser sent: \(hop.cookies.sent.isEmpty ? "no cookies" : hop.cookies.sent.map(\.name).joined(separator: ", "))")
        }
        let reasons = view.whyLines(full: true)
        if reasons.isEmpty { return lines + ["   nothing else to explain: no cookie was set, held back or read."] }
        return lines + reasons.flatMap { TextLayout.wrap("   " + $0, width, indent: "       ") }
    }

    /// `raw`: the last exchange as the bytes of HTTP.
    func raw() -> [String] {
        guard let last = cursor.last else { return ["no request yet: try `get /`."] }
        var lines: [String] = []
        for hop in last.exchange.hops {
            lines += hop.request.raw.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            switch hop.result {
            case .response(let r):
                lines += r.raw.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            case .noResponse(let after):
                lines.append("(no response after \(ExchangeView.seconds(after)) s)")
            case .failed(let message):
                lines.append("(\(message))")
            }
            lines.append("")
        }
        return lines
    }

    /// `export [DIR]`: what reached the running app since its server started, as a shell script
    /// of curl commands (with the browser commands between them), the app's code, each
    /// profile's cookies.txt, and a HAR 1.2 file.
    func export(_ args: [String]) async -> [String] {
        guard let server = appSlot.log.server, let app = appSlot.app else {
            return ["no server is running: export writes the requests sent to the running app since its server started."]
        }
        let exchanges = appSlot.log.exchanges
        guard !exchanges.isEmpty else {
            return ["nothing to export yet: no request has reached \(server.file) since its server started (on port \(server.port)). Send one first, e.g. `get /`."]
        }
        let dir = URL(fileURLWithPath: args.first ?? ".")
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let script = dir.appendingPathComponent(Self.exportScript)
            let code = dir.appendingPathComponent(Self.exportApp)
            let har = dir.appendingPathComponent("crumbs-session.har")
            try Self.curlScript(server, appSlot.log.steps, timeout: await browser.timeout, typed: !app.typed.isEmpty)
                .write(to: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
            try (([server.code] + app.typed).joined(separator: "\n") + "\n").write(to: code, atomically: true, encoding: .utf8)
            try Self.har(exchanges).write(to: har)
            var written = [script.path, code.path, har.path]
            for profile in await browser.profiles {
                let jar = dir.appendingPathComponent("cookies-\(profile).txt")
                try await browser.jar(profile).cookiesTxt().write(to: jar, atomically: true, encoding: .utf8)
                written.append(jar.path)
            }
            let count = "\(exchanges.count) request\(exchanges.count == 1 ? "" : "s")"
            return ["exported \(count) to \(server.file) on port \(server.port), since its server started:"] + written.map { "  " + $0 }
                + ["replay them: `crumbs serve \(code.path) --port \(server.port)` in one terminal, `sh \(script.path)` in another."]
        } catch {
            return ["export failed: \(error.localizedDescription)"]
        }
    }

    static let exportScript = "crumbs-session.sh"
    static let exportApp = "crumbs-session-app.js"

    static func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// A shell script that replays one server's log with curl: the requests, with the browser
    /// commands between them as comments and, where curl can do the same, as edits of the
    /// cookies.txt files (one per profile). It runs on to the end whatever fails.
    static func curlScript(_ server: BrowserLog.Server, _ steps: [BrowserLog.Step], timeout: TimeInterval, typed: Bool) -> String {
        let seconds = timeout.formatted(.number.grouping(.never))
        var lines = [
            "#!/bin/sh",
            "# The requests sent to \(server.file) (\(server.source)) since its server started, replayed with curl.",
            "# It assumes that app is running on port \(server.port) (or $PORT): start it first, in another terminal,",
            "#   crumbs serve \(exportApp) --port \(server.port)",
            "# \(exportApp), beside this script, is the code the server ran\(typed ? " (with what was typed at the prompt at the end)" : "").",
            "# For a server on another port: PORT=4000 sh \(exportScript)",
            "# Each profile's cookies are in cookies-PROFILE.txt (Netscape format: curl -b reads it, -c writes",
            "# it); they start as the browser's jar was when the server started. Each request waits at most",
            "# \(seconds) s (--max-time, as long as the browser waited); one that fails does not stop the rest.",
            "cd \"$(dirname \"$0\")\" || exit 1",
            "PORT=${PORT:-\(server.port)}",
        ]
        var profiles: Set<String> = [server.profile]
        for step in steps {
            switch step {
            case .request(_, let e, _): profiles.insert(e.profile)
            case .action(_, _, let profile, _, _, _, _): profiles.insert(profile)
            }
        }
        for profile in profiles.sorted() {
            let file = jarFile(profile)
            let jar = server.jars[profile] ?? ""
            if jar.split(separator: "\n").contains(where: { !$0.hasPrefix("# ") && $0 != "# Netscape HTTP Cookie File" && !$0.isEmpty }) {
                lines += ["cat > \(file) <<'COOKIES'"] + jar.split(separator: "\n").map(String.init) + ["COOKIES"]
            } else {
                lines.append(": > \(file)")
            }
        }
        var number = 0
        for step in steps {
            lines.append("")
            switch step {
            case .request(let request, let e, let replayed):
                number += 1
                lines += requestLines(number, request, e, server: server, seconds: seconds, replayed: replayed)
            case .action(let command, let name, let profile, let removed, let added, let note, let replayed):
                var action = actionLines(command, name, jarFile(profile), removed: removed, added: added, note: note)
                if replayed, !action.isEmpty { action[0] += Self.replayedNote }
                lines += action
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func jarFile(_ profile: String) -> String { "cookies-\(profile).txt" }

    static let replayedNote = "  (done by crumbs to build the step's start)"

    /// One request as curl: the browser's headers, its patience, local names resolved to this machine.
    static func requestLines(_ number: Int, _ request: BrowserRequest, _ e: Exchange, server: BrowserLog.Server,
                             seconds: String, replayed: Bool) -> [String] {
        guard let first = e.hops.first else { return [] }
        let req = first.request
        let jar = jarFile(e.profile)
        let target = req.url.host == "localhost" ? req.url.target : "\(req.url.scheme)://\(req.url.host)\(req.url.target)"
        let title = "\(number). \(e.profile): \(req.method) \(target)"
        var lines = ["# " + title + (replayed ? replayedNote : "")]
        // A local name on the lesson's port is the server this script talks to.
        func url(_ u: CookieURL) -> String {
            guard Browser.isLocalName(u.host), u.port == server.port else { return shellQuote(u.description) }
            return "\"\(u.scheme)://\(u.host):$PORT\"" + shellQuote(u.target)
        }
        var parts = ["curl", "-sS", "-i", "-L", "--max-time", seconds, "-b", jar, "-c", jar]
        // The tutor's browser sends *.localhost and *.test to 127.0.0.1; curl needs telling.
        var resolved: Set<String> = []
        for hop in e.hops where hop.request.url.host != "localhost" && Browser.isLocalName(hop.request.url.host) {
            if resolved.insert(hop.request.url.host).inserted { parts += ["--resolve", "\"\(hop.request.url.host):$PORT:127.0.0.1\""] }
        }
        let hasBody = !req.body.isEmpty
        if req.method != "GET" && !(req.method == "POST" && hasBody) { parts += ["-X", req.method] }
        for h in req.headers where !["host", "cookie", "user-agent", "accept", "content-length"].contains(h.name.lowercased()) {
            parts += ["-H", shellQuote("\(h.name): \(h.value)")]
        }
        if let from = request.initiator, var page = from.contains("://") ? CookieURL(string: from) : CookieURL(host: from) {
            if page.port == nil, Browser.isLocalName(page.host) { page.port = server.port }
            let site = page.origin == req.url.origin ? "same-origin" : page.site == req.url.site ? "same-site" : "cross-site"
            lines.append("# started by a page at \(page.origin)" + (request.isTopLevelNavigation ? " (a link or form: a navigation)" : ""))
            // Fetch §3.1: the Origin header goes with every request but GET and HEAD, and with
            // a cross-origin fetch; a plain navigation by GET carries none.
            if !["GET", "HEAD"].contains(req.method) || (!request.isTopLevelNavigation && site != "same-origin") {
                let origin = Browser.isLocalName(page.host) && page.port == server.port ? "\(page.scheme)://\(page.host):$PORT" : page.origin
                parts += ["-H", "\"Origin: \(origin)\""]
            }
            parts += ["-H", shellQuote("Sec-Fetch-Site: \(site)")]
        }
        if !request.isTopLevelNavigation {
            lines.append("# a subresource (an image, a script, a fetch), not a navigation: SameSite=Lax cookies stay home on a cross-site one")
        }
        let heldBack = e.hops.flatMap(\.cookies.withheld).filter { [.sameSite, .thirdParty, .partition].contains($0.kind) }
        if !heldBack.isEmpty {
            lines.append("# the browser held back \(heldBack.map(\.cookie.name).joined(separator: ", ")) (\(heldBack.map(\.kind.rawValue).joined(separator: ", "))); curl knows no SameSite and sends what the file holds")
        }
        if hasBody { parts += ["--data-raw", shellQuote(String(decoding: req.body, as: UTF8.self))] }
        parts.append(url(req.url))
        lines.append("# crumbs got: " + e.hops.map(outcome).joined(separator: " → "))
        lines.append("printf '\\n== %s\\n' " + shellQuote(title))
        lines.append(parts.joined(separator: " "))
        return lines
    }

    /// What came of one hop, in a few words.
    static func outcome(_ hop: Hop) -> String {
        switch hop.result {
        case .response(let r):
            let set = hop.stored.compactMap(\.cookie).map(\.name)
            return "\(r.status) \(r.reason)" + (set.isEmpty ? "" : ", set " + set.joined(separator: ", "))
        case .noResponse(let after): return "no response after \(after.formatted(.number.grouping(.never))) s (curl gives up at --max-time and goes on)"
        case .failed(let message): return message
        }
    }

    /// A browser command between requests: a comment, and the cookies.txt edit that does the same.
    static func actionLines(_ command: String, _ name: String, _ file: String, removed: [Cookie], added: [Cookie], note: String?) -> [String] {
        var lines: [String] = []
        switch name {
        case "wait":
            lines.append("# \(command): the browser's clock moved on \(note ?? "") here; this script runs in real time, so nothing expires by itself")
            if !removed.isEmpty { lines.append("# the browser dropped what had expired by then: " + removed.map(\.name).joined(separator: ", ")) }
        case "as":
            return ["# \(command): the next requests are \(note ?? "")'s, with cookies-\(note ?? "").txt"]
        case "browser", "thirdparty":
            return ["# \(command): \(note ?? "")", "# (curl follows no browser's cookie policy: it sends what the file holds for the host and path)"]
        case "close":
            let gone = removed.map(\.name)
            lines.append("# close: the browser closed and opened again: session cookies (expiry 0) are gone" + (gone.isEmpty ? " (there were none)" : ": " + gone.joined(separator: ", ")))
            lines.append("awk -F'\\t' 'NF < 7 || $5 != 0' \(file) > \(file).tmp && mv \(file).tmp \(file)")
            return lines
        default:
            lines.append("# \(command): an edit of the jar by hand")
        }
        for c in removed where !added.contains(where: { Tutor.same($0, c) }) { lines += removeLine(c, file) }
        for c in added {
            guard c.partitionKey == nil, !c.name.contains("\\") else { lines.append("# (\(c.name): no simple cookies.txt edit does this)"); continue }
            lines += removeLine(c, file)
            lines.append("printf '%s\\n' " + shellQuote(CookieJar(cookies: [c]).cookiesTxt().split(separator: "\n").last.map(String.init) ?? "") + " >> \(file)")
        }
        return lines
    }

    /// The awk line that drops one cookie (name, domain, path) from a cookies.txt.
    static func removeLine(_ c: Cookie, _ file: String) -> [String] {
        guard !c.name.contains("\\"), !c.domain.contains("\\"), !c.path.contains("\\") else { return ["# (\(c.name): no simple cookies.txt edit does this)"] }
        return ["awk -F'\\t' -v n=\(shellQuote(c.name)) -v d=\(shellQuote(c.domain)) -v p=\(shellQuote(c.path)) "
                + "'{ h = $1; sub(/^#HttpOnly_/, \"\", h); sub(/^\\./, \"\", h) } !(NF >= 7 && $6 == n && h == d && $3 == p)' "
                + "\(file) > \(file).tmp && mv \(file).tmp \(file)"]
    }

    /// The exchanges as a HAR 1.2 log (one entry per hop).
    static func har(_ exchanges: [Exchange]) throws -> Data {
        let iso = ISO8601DateFormatter()
        iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        func pairs(_ headers: [HeaderField]) -> [[String: String]] { headers.map { ["name": $0.name, "value": $0.value] } }
        var entries: [[String: Any]] = []
        for e in exchanges {
            for hop in e.hops {
                let req = hop.request
                var request: [String: Any] = [
                    "method": req.method, "url": req.url.description, "httpVersion": "HTTP/1.1",
                    "cookies": hop.cookies.sent.map { ["name": $0.name, "value": $0.value] },
                    "headers": pairs(req.headers), "queryString": [] as [Any], "headersSize": -1, "bodySize": req.body.count,
                ]
                if !req.body.isEmpty {
                    request["postData"] = ["mimeType": req.headers["Content-Type"] ?? "", "text": String(decoding: req.body, as: UTF8.self)]
                }
                var response: [String: Any] = [
                    "status": 0, "statusText": "", "httpVersion": "HTTP/1.1", "cookies": [] as [Any], "headers": [] as [Any],
                    "content": ["size": 0, "mimeType": ""], "redirectURL": "", "headersSize": -1, "bodySize": -1,
                ]
                var comment: String?
                switch hop.result {
                case .response(let r):
                    response["status"] = r.status
                    response["statusText"] = r.reason
                    response["headers"] = pairs(r.headers)
                    response["cookies"] = hop.stored.compactMap { d in d.cookie.map { ["name": $0.name, "value": $0.value] } }
                    response["content"] = ["size": r.body.count, "mimeType": r.headers["Content-Type"] ?? "", "text": r.text]
                    response["redirectURL"] = r.headers["Location"] ?? ""
                    response["bodySize"] = r.body.count
                case .noResponse(let after): comment = "no response after \(after) s"
                case .failed(let message): comment = message
                }
                var entry: [String: Any] = [
                    "pageref": e.profile, "startedDateTime": iso.string(from: e.startedAt), "time": 0,
                    "request": request, "response": response, "cache": [:] as [String: Any],
                    "timings": ["send": 0, "wait": 0, "receive": 0],
                ]
                if let comment { entry["comment"] = comment }
                entries.append(entry)
            }
        }
        let log: [String: Any] = ["log": ["version": "1.2", "creator": ["name": "crumbs", "version": "0.1.0"], "entries": entries]]
        return try JSONSerialization.data(withJSONObject: log, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    }
}
