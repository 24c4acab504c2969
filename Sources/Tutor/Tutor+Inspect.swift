import Browser
import Cookies
import Foundation
import TerminalUI

extension Tutor {
    /// `why`: every decision of the last request.
    func why() -> [String] {
        guard let last else { return ["no request yet: try `get /`."] }
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
        guard let last else { return ["no request yet: try `get /`."] }
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

    /// `export [DIR]`: every request so far as curl commands with a cookies.txt, and as HAR 1.2.
    func export(_ args: [String]) async -> [String] {
        guard !allExchanges.isEmpty else { return ["nothing to export yet: send a request first."] }
        let dir = URL(fileURLWithPath: args.first ?? ".")
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let script = dir.appendingPathComponent("crumbs-session.sh")
            let har = dir.appendingPathComponent("crumbs-session.har")
            try Self.curlScript(allExchanges).write(to: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
            try Self.har(allExchanges).write(to: har)
            var written = [script.path, har.path]
            for profile in await browser.profiles {
                let jar = dir.appendingPathComponent("cookies-\(profile).txt")
                try await browser.jar(profile).cookiesTxt().write(to: jar, atomically: true, encoding: .utf8)
                written.append(jar.path)
            }
            return ["exported \(allExchanges.count) request\(allExchanges.count == 1 ? "" : "s"):"] + written.map { "  " + $0 }
        } catch {
            return ["export failed: \(error.localizedDescription)"]
        }
    }

    static func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// A shell script that replays the requests with curl, one cookie jar file per profile.
    static func curlScript(_ exchanges: [Exchange]) -> String {
        var lines = [
            "#!/bin/sh",
            "# Requests sent in a crumbs session, replayed with curl. Each profile keeps its cookies",
            "# in its own cookies-PROFILE.txt (Netscape format: curl -b reads it, -c writes it).",
            "set -e",
            "rm -f " + Set(exchanges.map { "cookies-\($0.profile).txt" }).sorted().joined(separator: " "),
        ]
        for e in exchanges {
            guard let first = e.hops.first else { continue }
            let jar = "cookies-\(e.profile).txt"
            var parts = ["curl", "-sS", "-i", "-L", "-b", jar, "-c", jar]
            let req = first.request
            let hasBody = !req.body.isEmpty
            if req.method != "GET" && !(req.method == "POST" && hasBody) { parts += ["-X", req.method] }
            for h in req.headers where !["host", "cookie", "user-agent", "accept", "content-length"].contains(h.name.lowercased()) {
                parts += ["-H", shellQuote("\(h.name): \(h.value)")]
            }
            if hasBody { parts += ["--data-raw", shellQuote(String(decoding: req.body, as: UTF8.self))] }
            parts.append(shellQuote(req.url.description))
            lines.append("")
            lines.append("# \(e.profile): \(req.method) \(req.url.target)")
            lines.append(parts.joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
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
