import Browser
import Cookies
import Foundation
import TerminalUI

extension Tutor {
    /// `jar`: the cookies as DevTools lists them.
    func jarTable() async -> [String] {
        let profile = await browser.currentProfile
        let jar = await browser.jar()
        guard !jar.cookies.isEmpty else { return ["\(profile)'s jar is empty."] }
        let now = clock.now
        let rows = jar.sorted.map { c in
            [c.name, c.value, c.hostOnly ? c.domain : "." + c.domain, c.path,
             c.expiry.map { CookieDate.format($0) + (c.isExpired(at: now) ? " (expired)" : "") } ?? "Session",
             String(c.size), c.httpOnly ? "✓" : "", c.secure ? "✓" : "", c.sameSite?.rawValue ?? "(Lax)"]
        }
        let table = Table(headers: ["Name", "Value", "Domain", "Path", "Expires", "Size", "HttpOnly", "Secure", "SameSite"],
                          rows: rows, flexible: [1, 4])
        return ["\(profile)'s jar:"] + table.render(width: width, theme: theme)
            + (rows.contains { $0[8] == "(Lax)" } ? ["(Lax): no SameSite was given, so the browser treats it as Lax, as Chrome does."] : [])
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

    func setCookie(_ args: [String]) async -> [String] {
        // `set NAME --from PROFILE`: plant another profile's cookie (how session fixation starts).
        if args.count == 3, args[1] == "--from" {
            let name = args[0]
            guard let cookie = await browser.jar(args[2]).cookie(named: name) else {
                return ["browser: \(args[2]) has no cookie \"\(name)\""]
            }
            return await setCookie(["\(name)=\(cookie.value)", "--domain", cookie.domain, "--path", cookie.path])
        }
        guard let pair = args.first, let eq = pair.firstIndex(of: "=") else {
            return ["usage: set NAME=VALUE [--domain D] [--path P] — e.g. `set connect.sid=s%3Aforged.sig`"]
        }
        var domain: String?
        var path: String?
        var i = 1
        while i + 1 < args.count {
            if args[i] == "--domain" { domain = args[i + 1] } else if args[i] == "--path" { path = args[i + 1] }
            i += 2
        }
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
            currentProfileName = name
            let count = await browser.jar().cookies.count
            return ["now browsing as \(name)" + (isNew ? " (a new profile with an empty jar)" : " (\(count) cookie\(count == 1 ? "" : "s") in the jar)")]
                + (await goalFeedback())
        } catch {
            return ["browser: \(error)"]
        }
    }

    func wait(_ args: [String]) async -> [String] {
        guard let text = args.first, let seconds = CommandLineParser.duration(text) else {
            return ["usage: wait DURATION — e.g. `wait 30s`, `wait 15m`, `wait 2d`"]
        }
        let storeBefore = app?.runtime.stores.raw ?? []
        clock.advance(by: seconds)
        let now = clock.now
        var lines = ["time moves on \(CommandLineParser.describe(seconds)): it is now \(CookieDate.format(now))"]
        let expired = await browser.jar().cookies.filter { $0.isExpired(at: now) }
        if !expired.isEmpty {
            lines.append("  the browser's cookies that have now expired: " + expired.map(\.name).joined(separator: ", "))
        }
        let dead = storeBefore.filter { $0.expires.map { $0 <= now } ?? false }
        if !dead.isEmpty {
            lines.append("  sessions past their expiry (MemoryStore deletes them when next read): "
                         + dead.map { StorePanel.short($0.id) }.joined(separator: ", "))
        }
        await browser.removeExpired()
        return lines + (await goalFeedback())
    }

    /// `thirdparty block|allow`: the browser setting Safari and Firefox ship switched on.
    func thirdParty(_ args: [String]) async -> [String] {
        switch args.first {
        case "block":
            await browser.setBlocksThirdPartyCookies(true)
            return ["the browser now blocks third-party cookies: a cross-site image, script or fetch neither sets nor sends any cookie"]
                + (await goalFeedback())
        case "allow":
            await browser.setBlocksThirdPartyCookies(false)
            return ["the browser now allows third-party cookies marked SameSite=None; Secure"] + (await goalFeedback())
        default:
            let now = await browser.blocksThirdPartyCookies ? "blocked" : "allowed"
            return ["usage: thirdparty block|allow (third-party cookies are \(now) now)"]
        }
    }
}
