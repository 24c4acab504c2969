import Browser
import Cookies
import Foundation
import TerminalUI

extension Tutor {
    /// `jar`: the cookies as DevTools lists them; `jar NAME`: one cookie in full.
    func jarTable(_ name: String? = nil) async -> [String] {
        let profile = await browser.currentProfile
        let jar = await browser.jar()
        let rules = await browser.rules
        if let name { return cookieInFull(name, jar.sorted.filter { $0.name == name }, profile: profile) }
        guard !jar.cookies.isEmpty else { return ["\(profile)'s jar is empty."] }
        let now = clock.now
        let unset = rules.laxByDefault ? "(Lax)" : "(None)"
        let rows = jar.sorted.map { c in
            [c.name, c.value,
             (c.hostOnly ? c.domain : "." + c.domain) + (c.partitionKey.map { " ⟨partition \($0)⟩" } ?? ""), c.path,
             c.expiry.map { CookieDate.format($0) + (c.isExpired(at: now) ? " (expired)" : "") } ?? "Session",
             String(c.size), c.httpOnly ? "✓" : "", c.secure ? "✓" : "", c.sameSite?.rawValue ?? unset]
        }
        let table = Table(headers: ["Name", "Value", "Domain", "Path", "Expires", "Size", "HttpOnly", "Secure", "SameSite"],
                          rows: rows, flexible: [1, 4])
        let note = rules.laxByDefault
            ? "(Lax): no SameSite was given, so \(rules.browser.name) treats it as Lax (and lets it ride a cross-site top-level POST in its first two minutes)."
            : "(None): no SameSite was given; \(rules.browser.name) has no Lax default, so it goes along on cross-site requests too."
        return ["\(profile)'s jar (\(rules.browser.name) rules):"] + table.render(width: width, theme: theme)
            + (rows.contains { $0[8] == unset } ? [note] : [])
    }

    /// Every attribute of the cookies called `name`, values and dates uncut.
    func cookieInFull(_ name: String, _ cookies: [Cookie], profile: String) -> [String] {
        guard !cookies.isEmpty else { return ["\(profile)'s jar has no cookie \"\(name)\"."] }
        let now = clock.now
        var lines: [String] = []
        for c in cookies {
            lines.append("\(c.name)")
            for (i, piece) in TextLayout.breakCode(c.value, max(20, width - 12)).enumerated() {
                lines.append((i == 0 ? "  value     " : "            ") + piece)
            }
            lines.append("  domain    \(c.domain)" + (c.hostOnly ? " (host-only: this host only)" : " (and its subdomains)")
                         + (c.partitionKey.map { ", partition \($0)" } ?? ""))
            lines.append("  path      \(c.path)")
            lines.append("  expires   " + (c.expiry.map { CookieDate.format($0) + (c.isExpired(at: now) ? " (expired)" : "") + " (\(Int($0.timeIntervalSince1970)) s since 1970)" }
                                           ?? "when the browser closes (a session cookie)"))
            lines.append("  flags     " + ([c.httpOnly ? "HttpOnly" : nil, c.secure ? "Secure" : nil, c.sameSite.map { "SameSite=\($0.rawValue)" }]
                .compactMap { $0 }.joined(separator: ", ")).ifEmpty("none"))
            lines.append("  size      \(c.size) bytes")
        }
        return lines
    }

    func documentCookie() async -> [String] {
        do {
            let selection = try await browser.documentCookie("/")
            var lines = ["document.cookie → \"\(selection.header ?? "")\""]
            for w in selection.withheld where w.kind == .httpOnly {
                lines.append("  hidden: \(w.cookie.name) is HttpOnly, so scripts (and XSS) cannot read it")
            }
            return lines
        } catch {
            return ["browser: \(error)"]
        }
    }

    func assignDocumentCookie(_ text: String) async -> [String] {
        var value = text.trimmingCharacters(in: .whitespaces)
        if value.count >= 2, let f = value.first, f == value.last, f == "'" || f == "\"" { value = String(value.dropFirst().dropLast()) }
        do {
            let decision = try await browser.assignDocumentCookie(value, on: "/")
            return ["browser: \(decision.description)"] + (await goalFeedback())
        } catch {
            return ["browser: \(error)"]
        }
    }

    func setCookie(_ args: CommandArguments) async -> [String] {
        // `set NAME --from PROFILE`: plant another profile's cookie (how session fixation starts).
        if let profile = args.option("--from"), let name = args[0] {
            guard let cookie = await browser.jar(profile).cookie(named: name) else {
                return ["browser: \(profile) has no cookie \"\(name)\""]
            }
            var copy = CommandArguments(positional: ["\(name)=\(cookie.value)"])
            copy.options = ["--domain": [cookie.domain], "--path": [cookie.path]]
            return await setCookie(copy)
        }
        guard let pair = args[0], let eq = pair.firstIndex(of: "=") else {
            return ["usage: set NAME=VALUE [--domain D] [--path P] — e.g. `set connect.sid=s%3Aforged.sig`"]
        }
        let domain = args.option("--domain")
        let path = args.option("--path")
        let name = String(pair[..<eq])
        let value = String(pair[pair.index(after: eq)...])
        do {
            let existed = await browser.jar().cookie(named: name) != nil
            try await browser.setCookie(name: name, value: value, domain: domain, path: path)
            return ["browser: \(existed ? "edited" : "added") \(name) by hand; the server will see \"\(name)=\(value)\" on the next request"]
                + (await goalFeedback())
        } catch {
            return ["browser: \(error)"]
        }
    }

    func unsetCookie(_ args: [String]) async -> [String] {
        guard let name = args.first else { return ["usage: unset NAME"] }
        do {
            let gone = try await browser.deleteCookie(name: name)
            return gone.map { "browser: deleted \($0.name) (\($0.domain)\($0.path)) by hand" } + (await goalFeedback())
        } catch {
            return ["browser: \(error)"]
        }
    }

    func closeBrowser() async -> [String] {
        let gone = await browser.close()
        let kept = await browser.jar().cookies
        var lines = ["browser closed and opened again."]
        lines.append(gone.isEmpty ? "  no session cookies to lose" : "  gone (session cookies): " + gone.map(\.name).joined(separator: ", "))
        lines.append(kept.isEmpty ? "  kept: nothing" : "  kept (persistent): " + kept.map { "\($0.name) until \(CookieDate.format($0.expiry!))" }.joined(separator: ", "))
        return lines + (await goalFeedback())
    }

    func clearJar() async -> [String] {
        await browser.clearCookies()
        return ["browser: every cookie of \(await browser.currentProfile) deleted"] + (await goalFeedback())
    }

    func switchProfile(_ args: [String]) async -> [String] {
        guard let name = args.first else { return ["usage: as NAME — e.g. `as alice`; `as default` comes back"] }
        do {
            let isNew = try await browser.switchProfile(to: name)
            let count = await browser.jar().cookies.count
            return ["now browsing as \(name)" + (isNew ? " (a new profile with an empty jar)" : " (\(count) cookie\(count == 1 ? "" : "s") in the jar)")]
                + (await goalFeedback())
        } catch {
            return ["browser: \(error)"]
        }
    }

    func wait(_ args: [String]) async -> [String] {
        guard let text = args.first, let seconds = CommandLineParser.duration(text), seconds.isFinite else {
            return ["usage: wait DURATION — e.g. `wait 30s`, `wait 15m`, `wait 2d`"]
        }
        // No cookie lives past 400 days; a hundred years is time enough for anything to expire.
        guard seconds <= Self.longestWait else {
            return ["wait at most 100 years (\"\(text)\" is longer): no cookie or session outlives that"]
        }
        clock.advance(by: seconds)
        let now = clock.now
        var lines = ["time moves on \(CommandLineParser.describe(seconds)): it is now \(CookieDate.format(now))"]
        let expired = await browser.jar().cookies.filter { $0.isExpired(at: now) }
        if !expired.isEmpty {
            lines.append("  the browser's cookies that have now expired: " + expired.map(\.name).joined(separator: ", "))
        }
        lines += expiredNote(before: distinctStores, at: now)
        await browser.removeExpired()
        // The server's clock is the same clock: its timers due by now fire, in order (in each
        // instance, when the app runs as several).
        let running = instances
        for (index, runtime) in running.enumerated() {
            let mark = runtime.events.count
            let fired = await runtime.advance(to: now)
            if fired > 0 {
                let label = running.count > 1 ? " of [\(index + 1)]" : ""
                lines.append("  the server's timers\(label) that fell due fired: \(fired)")
                for event in runtime.events.since(mark) {
                    if event.isConsole {
                        lines += event.text.split(separator: "\n", omittingEmptySubsequences: false).map { "  console: \($0)" }
                    } else if Self.isStoreNote(event) {
                        lines.append("  " + event.line)
                    }
                }
            }
        }
        return lines + (await goalFeedback())
    }

    static let longestWait: TimeInterval = 100 * 365 * 86_400

    /// `thirdparty block|allow|default`: an explicit override of the browser's own third-party policy.
    func thirdParty(_ args: [String]) async -> [String] {
        let kind = await browser.rules.browser
        switch args.first {
        case "block":
            await browser.setThirdPartyOverride(.block)
            return ["override: the browser now blocks third-party cookies: a cross-site image, script or fetch neither sets nor sends any cookie (`thirdparty default` goes back to \(kind.name)'s own policy)"]
                + (await goalFeedback())
        case "allow":
            await browser.setThirdPartyOverride(.allow)
            return ["override: the browser now allows third-party cookies, unpartitioned, within the SameSite rules"
                    + (kind == .chrome ? " (in Chrome: only SameSite=None; Secure cookies)" : "")
                    + "; `thirdparty default` goes back to \(kind.name)'s own policy"]
                + (await goalFeedback())
        case "default":
            await browser.setThirdPartyOverride(nil)
            return ["third-party cookies: back to \(kind.name)'s own policy: \(Self.describe(CookieRules(browser: kind).defaultThirdParty, kind))"]
                + (await goalFeedback())
        default:
            let rules = await browser.rules
            let now = Self.describe(rules.thirdParty, kind) + (rules.thirdPartyOverride == nil ? " (\(kind.name)'s default)" : " (your override)")
            return ["usage: thirdparty block|allow|default — third-party cookies now: \(now)"]
        }
    }

    /// `browser chrome|firefox|safari`: whose cookie rules the browser follows.
    func switchBrowser(_ args: [String]) async -> [String] {
        guard let word = args.first else {
            let rules = await browser.rules
            return ["the browser follows \(rules.browser.name)'s cookie rules (usage: browser chrome|firefox|safari)"]
                + Self.ruleLines(rules)
        }
        guard let kind = BrowserKind(rawValue: word.lowercased()) else {
            return ["usage: browser chrome|firefox|safari — \"\(word)\" is not one crumbs models"]
        }
        await browser.setBrowserKind(kind)
        return ["the browser now follows \(kind.name)'s cookie rules (the jars keep their cookies):"]
            + Self.ruleLines(CookieRules(browser: kind)) + (await goalFeedback())
    }

    /// The rules that differ between browsers, as one line each.
    static func ruleLines(_ rules: CookieRules) -> [String] {
        let kind = rules.browser
        return [
            "  SameSite default: " + (rules.laxByDefault
                ? "Lax; a cookie without SameSite still rides a cross-site top-level POST in its first two minutes (Lax-allowing-unsafe)"
                : "none: a cookie without SameSite goes along on cross-site requests"),
            "  third-party cookies: " + describe(rules.thirdParty, kind)
                + (rules.thirdPartyOverride == nil ? "" : " (your override of \(kind.name)'s default)"),
            "  Partitioned (CHIPS): kept per top-level site" + (rules.partitionedSurvivesBlocking ? "" : "; blocked like every third-party cookie"),
            "  Secure over http://localhost: " + (rules.localhostIsSecure ? "allowed: localhost is a secure context" : "refused: localhost is not a secure context"),
        ]
    }

    static func describe(_ policy: ThirdPartyPolicy, _ kind: BrowserKind) -> String {
        switch policy {
        case .allow: "allowed (within the SameSite rules)"
        case .partition: "partitioned: each top-level site gets its own jar for them (Total Cookie Protection)"
        case .block: "blocked: a cross-site subresource neither sets nor sends any cookie"
        }
    }
}

extension String {
    func ifEmpty(_ fallback: String) -> String { isEmpty ? fallback : self }
}
