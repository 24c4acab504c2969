import Foundation

extension CookieJar {
    /// Receives one Set-Cookie header from a response to `url` (RFC 6265 §5.3, with the
    /// RFC 6265bis rules browsers now apply), and says what it did and why.
    @discardableResult
    public mutating func store(_ header: String, from url: CookieURL, context: RequestContext = RequestContext(),
                               at now: Date) -> StoreDecision {
        let parsed: SetCookie
        switch SetCookie.parse(header) {
        case .failure(let failure):
            return StoreDecision(outcome: .rejected, header: header, name: nil, reason: failure.description)
        case .success(let p):
            parsed = p
        }
        let name = parsed.name
        var notes = parsed.ignored.map { "ignored \($0)" }
        func reject(_ reason: String) -> StoreDecision {
            StoreDecision(outcome: .rejected, header: header, name: name, reason: reason, notes: notes)
        }

        // RFC 6265 §5.3 step 3: Max-Age wins over Expires.
        var expiry: Date?
        if let maxAge = parsed.maxAge {
            expiry = maxAge <= 0 ? Date.distantPast : now.addingTimeInterval(TimeInterval(min(maxAge, 400 * 86_400 * 1000)))
            if parsed.expires != nil { notes.append("Max-Age=\(maxAge) wins over Expires") }
        } else if let expires = parsed.expires {
            expiry = expires
        }

        // Steps 4–6: Domain, public suffixes, host-only.
        let host = url.host
        var domain = host
        var hostOnly = true
        if let d = parsed.domain {
            if Domain.isPublicSuffix(d) {
                if d != host {
                    return reject("Domain=\(d) is a public suffix: no site may set a cookie for all of \(d)")
                }
            } else if !Domain.matches(host, domain: d) {
                return reject("Domain=\(d) does not domain-match \(host)")
            } else {
                domain = d
                hostOnly = false
            }
        }
        // Step 7: Path, or the default-path of the request (§5.1.4).
        let path = parsed.path ?? CookiePath.defaultPath(of: url.path)

        // RFC 6265bis §5.7: Secure needs a secure origin (localhost counts, as in browsers).
        if parsed.secure && !url.isSecureContext {
            return reject("Secure cookie from \(url.origin), which is not a secure origin")
        }
        // Step 10: a script cannot set an HttpOnly cookie.
        if parsed.httpOnly && context.api == .script {
            return reject("HttpOnly cookies cannot be set from document.cookie")
        }
        // RFC 6265bis §5.7: SameSite=None must be Secure (Chrome rejects it otherwise).
        if parsed.sameSite == SameSite.none && !parsed.secure {
            return reject("SameSite=None requires Secure")
        }
        if context.blocksThirdPartyCookies && context.isThirdParty(to: url) {
            return reject("third-party cookie blocked: the browser blocks cookies on cross-site subresources (the page is \(context.initiator!.origin))")
        }
        // RFC 6265bis §5.7: a cross-site subresource may not set a SameSite cookie.
        if context.isCrossSite(to: url) && !context.isTopLevelNavigation && parsed.sameSite != SameSite.none {
            let rule = parsed.sameSite.map { "SameSite=\($0.rawValue)" } ?? "no SameSite (treated as Lax, as in Chrome)"
            return reject("\(rule) on a cross-site subresource response (the page is \(context.initiator!.origin)); only SameSite=None; Secure may be set there")
        }
        // RFC 6265bis §4.1.3: cookie name prefixes.
        if name.hasPrefix("__Secure-") && !parsed.secure {
            return reject("a __Secure- cookie must be Secure")
        }
        if name.hasPrefix("__Host-") {
            if !parsed.secure { return reject("a __Host- cookie must be Secure") }
            if !hostOnly { return reject("a __Host- cookie must not have a Domain attribute") }
            if path != "/" { return reject("a __Host- cookie must have Path=/") }
        }
        // RFC 6265bis §5.7: an insecure origin may not overwrite (or shadow) a Secure cookie.
        if !parsed.secure && !url.isSecureContext,
           let guarded = cookies.first(where: {
               $0.name == name && $0.secure
                   && (Domain.matches($0.domain, domain: domain) || Domain.matches(domain, domain: $0.domain))
                   && CookiePath.matches(path, cookiePath: $0.path)
           }) {
            return reject("\(url.origin) is not a secure origin and may not overwrite the Secure cookie \(guarded.name) (\(guarded.domain)\(guarded.path))")
        }

        if parsed.sameSite == nil { notes.append("no SameSite: treated as Lax, as in Chrome") }
        var cookie = Cookie(
            name: name, value: parsed.value, domain: domain, path: path, expiry: expiry,
            creation: now, lastAccess: now, hostOnly: hostOnly, secure: parsed.secure,
            httpOnly: parsed.httpOnly, sameSite: parsed.sameSite)
        let place = "\(domain)\(path)"

        // Step 11: a cookie with the same name, domain and path is replaced.
        let old = cookies.first { $0.key == cookie.key }
        if let old {
            if context.api == .script && old.httpOnly {
                return reject("document.cookie cannot overwrite the HttpOnly cookie \(name)")
            }
            cookie.creation = old.creation
        }

        if cookie.isExpired(at: now) {
            let why = parsed.maxAge.map { "Max-Age=\($0) is not in the future" }
                ?? "Expires=\(parsed.expiresText ?? "") is in the past"
            guard let old = remove(key: cookie.key) else {
                return reject("\(why), and there is no \(name) for \(place) to delete")
            }
            return StoreDecision(outcome: .deleted, header: header, name: name,
                                 reason: "\(name) removed from \(place): \(why)", cookie: old, notes: notes)
        }

        let lifetime = expiry.map { "until \(CookieDate.format($0))" } ?? "until the browser closes (a session cookie)"
        if old != nil { _ = remove(key: cookie.key) }
        insert(cookie)
        let evicted = enforceLimits(domain: domain)
        for gone in evicted { notes.append("evicted \(gone.name) (\(gone.domain)\(gone.path)): over the jar's limits") }
        if old != nil {
            return StoreDecision(outcome: .replaced, header: header, name: name,
                                 reason: "\(name) for \(place) has a new value, kept \(lifetime)",
                                 cookie: cookie, notes: notes, evicted: evicted)
        }
        return StoreDecision(outcome: .stored, header: header, name: name,
                             reason: "\(name) for \(place), kept \(lifetime)",
                             cookie: cookie, notes: notes, evicted: evicted)
    }
}
