import Browser
import Cookies
import Express
import Foundation
import TerminalUI

/// What one request printed: the exchange, the jar and the store side by side with what
/// changed, the reasons, and the server's console output. Pure: state in, lines out.
struct ExchangeView {
    /// The request, its events, and the store before and after it.
    var record: Tutor.LastExchange
    /// The base origin, so paths on it print short.
    var origin: String

    static let minimumSideBySide = 80

    func render(width: Int, theme: Theme) -> [String] {
        var lines = exchangeLines(width: width, theme: theme)
        lines.append("")
        lines += panels(jarBefore: record.exchange.jarBefore, jarAfter: record.exchange.jarAfter, width: width, theme: theme)
        let why = whyLines(full: false)
        if !why.isEmpty {
            lines.append("")
            lines.append(theme.paint("why", .bold))
            lines += why.flatMap { TextLayout.wrap("  " + $0, width, indent: "    ") }
        }
        lines += consoleLines(record.events, width: width, theme: theme)
        return lines
    }

    /// The jar and the store side by side (one above the other when the terminal is narrow);
    /// one store per instance when the app runs as several.
    func panels(jarBefore: [Cookie], jarAfter: [Cookie], width: Int, theme: Theme) -> [String] {
        var lines: [String] = []
        let jar = JarPanel.rows(before: jarBefore, after: jarAfter, theme: theme)
        var store = StorePanel.rows(before: record.storeBefore, after: record.storeAfter, theme: theme)
        let jarTitle = "browser jar · \(record.exchange.browserTitle)"
        var storeTitle = "\(record.storeName) · \(record.storeAfter.count) session\(record.storeAfter.count == 1 ? "" : "s")"
        if record.instanceStores.count > 1 {
            storeTitle = "session stores · \(record.instanceStores.count) instances"
            store = StorePanel.rows(instances: record.instanceStores, answered: Set(record.answeredBy), theme: theme)
        }
        if width >= Self.minimumSideBySide {
            let column = (width - 2) / 2
            lines += TextLayout.sideBySide(
                TextLayout.panel(title: jarTitle, lines: jar, width: column, theme: theme),
                TextLayout.panel(title: storeTitle, lines: store, width: column, theme: theme),
                columnWidth: column)
        } else {
            lines += TextLayout.panel(title: jarTitle, lines: jar, width: width, theme: theme)
            lines += TextLayout.panel(title: storeTitle, lines: store, width: width, theme: theme)
        }
        return lines
    }

    /// What the server printed (console.log and friends) during the request.
    func consoleLines(_ events: [ServerEvent], width: Int, theme: Theme) -> [String] {
        var lines: [String] = []
        let console = events.filter(\.isConsole)
        if !console.isEmpty {
            lines.append("")
            lines.append(theme.paint("server console", .bold))
            for event in console {
                for line in event.text.split(separator: "\n", omittingEmptySubsequences: false) {
                    lines.append(TextLayout.truncate("  " + line, width))
                }
            }
        }
        return lines
    }

    func exchangeLines(width: Int, theme: Theme, suffix: String = "") -> [String] {
        var lines: [String] = []
        for (index, hop) in record.exchange.hops.enumerated() {
            let url = hop.request.url
            let target = url.origin == origin ? url.target : url.description
            // When the app runs as several instances, the one that answered.
            let instance = index < record.answeredBy.count ? "[\(record.answeredBy[index])] " : ""
            lines.append(TextLayout.truncate("\(theme.paint("→", .accent)) \(instance)\(hop.request.method) \(target)\(suffix)", width))
            lines.append(TextLayout.truncate("    Cookie: \(hop.request.headers["Cookie"] ?? "(none)")", width))
            switch hop.result {
            case .response(let r):
                let type = r.headers["Content-Type"].map { " · " + ($0.split(separator: ";").first.map(String.init) ?? $0) } ?? ""
                let preview = Self.preview(r)
                lines.append(TextLayout.truncate("\(theme.paint("←", .accent)) \(r.status) \(r.reason)\(type)\(preview.isEmpty ? "" : " · " + preview)", width))
                if let location = r.headers["Location"], [301, 302, 303, 307, 308].contains(r.status) {
                    lines.append(TextLayout.truncate("    Location: \(location)", width))
                }
                for header in r.setCookies {
                    lines.append(TextLayout.truncate("    Set-Cookie: \(header)", width))
                }
            case .noResponse(let after):
                lines.append(theme.paint("← no response after \(Self.seconds(after)) s: the route never sent a response", .warning))
                lines += TextLayout.wrap("    fix: end the route with res.send(...) (or res.json(), res.redirect(), res.end()); until then the browser waits and never sees a Set-Cookie", width, indent: "    ")
            case .failed(let message):
                lines.append(theme.paint("← \(message)", .warning))
            }
        }
        return lines
    }

    /// The first words of a body; for Express's HTML error page, the message in its <pre>.
    static func preview(_ r: ReceivedResponse) -> String {
        var text = r.text
        if let start = text.range(of: "<pre>"), let end = text.range(of: "</pre>"), start.upperBound <= end.lowerBound {
            text = String(text[start.upperBound..<end.lowerBound])
                .replacingOccurrences(of: "<br>", with: " ").replacingOccurrences(of: "&nbsp;", with: " ")
                .replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(of: "&quot;", with: "\"")
                .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&amp;", with: "&")
        }
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        if flat.isEmpty { return "" }
        return "\"" + (flat.count > 60 ? String(flat.prefix(59)) + "…" : flat) + "\""
    }

    static func seconds(_ s: TimeInterval) -> String {
        s == s.rounded() ? String(Int(s)) : String(s)
    }

    /// The reasons: the browser's store and send decisions, then the server's.
    func whyLines(full: Bool) -> [String] {
        var lines: [String] = []
        for hop in record.exchange.hops {
            for w in hop.cookies.withheld where full || w.kind != .domain {
                lines.append("browser: \(w.description)")
            }
            lines += hop.cookies.remarks.map { "browser: \($0)" }
            for d in hop.stored {
                lines.append("browser: \(d.description)")
                if full {
                    lines += d.notes.map { "browser:   (\($0))" }
                }
            }
        }
        for event in record.events {
            if case .decision = event.kind { lines.append(event.line) }
            if case .note = event.kind { lines.append(event.text) }
        }
        return lines
    }
}

/// The jar panel's rows, each marked + added, ~ changed or - removed.
enum JarPanel {
    static func rows(before: [Cookie], after: [Cookie], theme: Theme) -> [String] {
        let old = Dictionary(before.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
        let new = Set(after.map(\.key))
        var rows: [String] = []
        for c in after.sorted(by: order) {
            let mark: String
            if let o = old[c.key] {
                mark = (o.value != c.value || o.expiry != c.expiry) ? theme.paint("~", .changed) : " "
            } else {
                mark = theme.paint("+", .added)
            }
            rows.append("\(mark) \(describe(c))")
        }
        for c in before.sorted(by: order) where !new.contains(c.key) {
            rows.append(theme.paint("- \(c.name)=\(c.value)", .removed))
        }
        return rows.isEmpty ? ["  (no cookies)"] : rows
    }

    static func order(_ a: Cookie, _ b: Cookie) -> Bool { (a.domain, a.path, a.name) < (b.domain, b.path, b.name) }

    static func describe(_ c: Cookie) -> String {
        var flags: [String] = [c.expiry.map { "until " + CookieDate.format($0) } ?? "session"]
        if c.httpOnly { flags.append("HttpOnly") }
        if c.secure { flags.append("Secure") }
        if let s = c.sameSite { flags.append(s.rawValue) }
        if let p = c.partitionKey { flags.append("Partitioned (\(p))") }
        let place = c.domain == "localhost" && c.path == "/" ? "" : " (\(c.domain)\(c.path))"
        return "\(c.name)=\(c.value)\(place) · \(flags.joined(separator: " "))"
    }
}

/// The store panel's rows: short id, the data without its cookie, and expiry.
enum StorePanel {
    static func rows(before: [SessionStore.Entry], after: [SessionStore.Entry], theme: Theme) -> [String] {
        let old = Dictionary(before.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let new = Set(after.map(\.id))
        var rows: [String] = []
        for e in after {
            let mark: String
            if let o = old[e.id] { mark = o.json != e.json ? theme.paint("~", .changed) : " " } else { mark = theme.paint("+", .added) }
            rows.append("\(mark) \(describe(e))")
        }
        for e in before where !new.contains(e.id) {
            rows.append(theme.paint("- \(short(e.id)) \(data(e.json))", .removed))
        }
        return rows.isEmpty ? ["  (no sessions)"] : rows
    }

    static func short(_ id: String) -> String { id.count > 10 ? String(id.prefix(8)) + "…" : id }

    /// One group per instance: a line naming it (and whether it answered), then its sessions.
    static func rows(instances: [Tutor.InstanceStore], answered: Set<Int>, theme: Theme) -> [String] {
        var rows: [String] = []
        for (index, store) in instances.enumerated() {
            let count = store.after.count
            let title = "[\(index + 1)] \(store.name) · \(count == 0 ? "no" : String(count)) session\(count == 1 ? "" : "s")"
                + (answered.contains(index + 1) ? " · answered" : "")
            rows.append(theme.paint(title, .bold))
            if !store.before.isEmpty || !store.after.isEmpty { rows += Self.rows(before: store.before, after: store.after, theme: theme) }
        }
        return rows
    }

    static func describe(_ e: SessionStore.Entry) -> String {
        "\(short(e.id)) \(data(e.json))" + (e.expires.map { " · until " + CookieDate.format($0) } ?? "")
    }

    /// The session's JSON without its leading `cookie` object: the data the app keeps.
    static func data(_ json: String) -> String {
        let prefix = "{\"cookie\":{"
        guard json.hasPrefix(prefix), let close = json.dropFirst(prefix.count).firstIndex(of: "}") else { return json }
        let rest = json[json.index(after: close)...]
        return rest.hasPrefix(",") ? "{" + rest.dropFirst() : "{}"
    }
}
