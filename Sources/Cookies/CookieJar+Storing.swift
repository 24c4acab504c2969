import Foundation

extension CookieJar {
    /// The longest lifetime a cookie may ask for: 400 days (RFC 6265bis §5.5).
    public static let maxLifetime: TimeInterval = 400 * 86_400

    /// Receives one Set-Cookie header from a response to `url` (the storage model of
    /// RFC 6265bis §5.7, with the rules of the browser in `context`), and says what it did and why.
    @discardableResult
    public mutating func store(_ header: String, from url: CookieURL, context: RequestContext = RequestContext(),
                               at now: Date) -> StoreDecision {
        let parsed: SetCookie
        switch SetCookie.parse(header) {
        case .failure(let failure):
            return StoreDecision(outcome: .rejected, header: header, name: nil, reason: failure.description,
                                 because: failure.reason)
        case .success(let p):
            parsed = p
        }
        let rules = context.rules
        let name = parsed.name
        // How a reason names the cookie; a nameless one by its value (RFC 6265bis §5.6).
        let shown = name.isEmpty ? "the nameless cookie \"\(parsed.value)\"" : name
        var notes = parsed.ignored.map { "ignored \($0)" }
        func reject(_ reason: CookieReason, _ values: [String: String] = [:]) -> StoreDecision {
            StoreDecision(outcome: .rejected, header: header, name: name, reason: reason.text(values), because: reason,
                          notes: notes)
        }

        // RFC 6265bis §5.6.1, §5.6.2, §5.7: Max-Age wins over Expires; neither reaches past
        // 400 days (§5.5).
        var expiry: Date?
        var capped: String?
        if let maxAge = parsed.maxAge {
            if maxAge <= 0 {
                expiry = Date.distantPast
            } else if Double(maxAge) > Self.maxLifetime {
                expiry = now.addingTimeInterval(Self.maxLifetime)
                capped = "Max-Age=\(maxAge)"
            } else {
                expiry = now.addingTimeInterval(TimeInterval(maxAge))
            }
            if parsed.expires != nil { notes.append(CookieReason.noteMaxAgeWins.text(["value": String(maxAge)])) }
        } else if let expires = parsed.expires {
            if expires.timeIntervalSince(now) > Self.maxLifetime {
                expiry = now.addingTimeInterval(Self.maxLifetime)
                capped = "Expires=\(parsed.expiresText ?? CookieDate.format(expires))"
            } else {
                expiry = expires
            }
        }

        // RFC 6265bis §5.7: Domain, public suffixes, host-only. The host must domain-match the
        // Domain (§5.1.3); a Domain that is a public suffix is refused unless it is the host itself,
        // which makes the cookie host-only.
        let host = url.host
        var domain = host
        var hostOnly = true
        if let d = parsed.domain {
            if !Domain.matches(host, domain: d) {
                return reject(.hostNotInDomain, ["host": host, "domain": d])
            } else if Domain.isPublicSuffix(d) {
                if d != host {
                    return reject(d.contains(".") ? .publicSuffix : .topLevelName, ["domain": d, "host": host])
                }
                notes.append(CookieReason.noteHostOnlyOnSuffix.text(["domain": d, "host": host]))
            } else {
                domain = d
                hostOnly = false
            }
        }
        // RFC 6265bis §5.6.4, §5.1.4: the Path attribute, or the default-path of the request.
        let path = parsed.path ?? CookiePath.defaultPath(of: url.path)

        // RFC 6265bis §5.7: a nameless cookie may not look like a prefixed one.
        if name.isEmpty, let prefix = ["__Secure-", "__Host-"].first(where: { parsed.value.lowercased().hasPrefix($0.lowercased()) }) {
            return reject(.namelessPrefix, ["prefix": prefix])
        }
        // RFC 6265bis §5.7: Secure needs a secure origin; browsers differ on http://localhost.
        let secureOrigin = rules.isSecure(url)
        if parsed.secure && !secureOrigin {
            if Domain.isLoopback(url.host) && url.scheme == "http" {
                return reject(.secureFromLocalhost, ["origin": url.origin, "browser": rules.browser.name])
            }
            return reject(.secureFromInsecure, ["origin": url.origin])
        }
        if parsed.secure && url.scheme == "http" {
            notes.append(CookieReason.noteSecureLocalhost.text(["origin": url.origin, "browser": rules.browser.name]))
        }
        // RFC 6265bis §5.7: a script cannot set an HttpOnly cookie.
        if parsed.httpOnly && context.api == .script {
            return reject(.httpOnlyFromScript)
        }
        // RFC 6265bis §5.7: SameSite=None must be Secure.
        if parsed.sameSite == SameSite.none && !parsed.secure {
            return reject(.noneWithoutSecure)
        }
        // CHIPS: a Partitioned cookie must be Secure.
        if parsed.partitioned && !parsed.secure {
            return reject(.partitionedWithoutSecure)
        }
        // Third-party cookies: blocked, partitioned or allowed, as the browser does.
        let topLevelSite = context.topLevelSite(for: url)
        var partitionKey = parsed.partitioned ? topLevelSite : nil
        let page = context.initiator?.origin ?? url.origin
        if context.isThirdParty(to: url) {
            switch rules.thirdParty {
            case .block where !(parsed.partitioned && rules.partitionedSurvivesBlocking):
                return reject(.thirdPartyBlockedSet, ["policy": rules.blockingPolicy, "page": page])
            case .partition:
                partitionKey = topLevelSite
                if !parsed.partitioned {
                    notes.append(CookieReason.notePartitionedByBrowser.text(["browser": rules.browser.name, "site": topLevelSite]))
                }
            default:
                break
            }
            // RFC 6265bis §5.7: a cross-site subresource may set only a SameSite=None cookie; a
            // cookie without SameSite counts as Lax where the browser defaults to Lax.
            if let sameSite = parsed.sameSite, sameSite != .none {
                return reject(.sameSiteFromSubresource, ["value": sameSite.rawValue, "page": page])
            }
            if parsed.sameSite == nil && rules.laxByDefault {
                return reject(.laxDefaultFromSubresource, ["browser": rules.browser.name, "page": page])
            }
        }
        // RFC 6265bis §5.7: cookie name prefixes, matched case-insensitively.
        let lowered = name.lowercased()
        if lowered.hasPrefix("__secure-") && !parsed.secure {
            return reject(.securePrefixNotSecure, ["name": name])
        }
        if lowered.hasPrefix("__host-") {
            if !parsed.secure { return reject(.hostPrefixNotSecure, ["name": name]) }
            if parsed.domain != nil { return reject(.hostPrefixDomain, ["name": name]) }
            guard let given = parsed.path else { return reject(.hostPrefixNoPath, ["name": name]) }
            if given != "/" { return reject(.hostPrefixWrongPath, ["name": name, "path": given]) }
        }
        // RFC 6265bis §5.7: an insecure origin may not overwrite (or shadow) a Secure cookie.
        if !parsed.secure && !secureOrigin,
           let guarded = cookies.first(where: {
               $0.name == name && $0.secure
                   && (Domain.matches($0.domain, domain: domain) || Domain.matches(domain, domain: $0.domain))
                   && CookiePath.matches(path, cookiePath: $0.path)
           }) {
            return reject(.insecureOverwrite, ["origin": url.origin, "cookie": "\(guarded.name) (\(guarded.domain)\(guarded.path))"])
        }

        if parsed.sameSite == nil {
            notes.append(rules.laxByDefault
                ? CookieReason.noteLaxByDefault.text(["browser": rules.browser.name])
                : CookieReason.noteNoLaxDefault.text(["browser": rules.browser.name]))
        }
        var cookie = Cookie(
            name: name, value: parsed.value, domain: domain, path: path, expiry: expiry,
            creation: now, lastAccess: now, hostOnly: hostOnly, secure: parsed.secure,
            httpOnly: parsed.httpOnly, sameSite: parsed.sameSite, partitionKey: partitionKey)
        var scope = hostOnly ? CookieReason.scopeHostOnly.text(["host": domain])
                             : CookieReason.scopeDomain.text(["domain": domain])
        if let partitionKey { scope = CookieReason.scopePartition.text(["scope": scope, "site": partitionKey]) }
        let pathText = parsed.path != nil
            ? CookieReason.pathGiven.text(["path": path])
            : CookieReason.pathDefault.text(["path": path, "request": url.path])

        // RFC 6265bis §5.7: a cookie with the same name, domain and path (and partition) is
        // replaced, keeping its creation time.
        let old = cookies.first { $0.key == cookie.key }
        if let old {
            if context.api == .script && old.httpOnly {
                return reject(.scriptOverwritesHttpOnly, ["name": name])
            }
            cookie.creation = old.creation
        }

        if cookie.isExpired(at: now) {
            let why = parsed.maxAge.map { CookieReason.whyMaxAgeNotFuture.text(["value": String($0)]) }
                ?? CookieReason.whyExpiresPast.text(["value": parsed.expiresText ?? ""])
            guard let old = remove(key: cookie.key) else {
                return reject(.nothingToDelete, ["why": why, "name": shown, "domain": domain, "path": path])
            }
            return StoreDecision(outcome: .deleted, header: header, name: name,
                                 reason: CookieReason.deleted.text(["name": shown, "scope": scope, "path": pathText, "why": why]),
                                 because: .deleted, cookie: old, notes: notes)
        }

        let lifetime = Self.lifetime(expiry, cappedFrom: capped)
        if old != nil { _ = remove(key: cookie.key) }
        insert(cookie)
        let evicted = enforceLimits(domain: domain)
        for gone in evicted {
            notes.append(CookieReason.noteEvicted.text(["cookie": "\(gone.name) (\(gone.domain)\(gone.path))"]))
        }
        var values = ["name": shown, "scope": scope, "path": pathText, "lifetime": lifetime]
        let because: CookieReason
        let outcome: StoreDecision.Outcome
        if let old {
            outcome = .replaced
            if old.value != cookie.value {
                because = .replacedValue
            } else if old.expiry != cookie.expiry {
                because = .replacedExpiry
                func end(_ date: Date?) -> String {
                    date.map(CookieDate.format) ?? CookieReason.expiryBrowserClose.text([:])
                }
                values["old"] = end(old.expiry)
                values["new"] = end(cookie.expiry)
            } else {
                because = .replacedSame
            }
        } else {
            outcome = .stored
            because = .stored
        }
        return StoreDecision(outcome: outcome, header: header, name: name, reason: because.text(values),
                             because: because, cookie: cookie, notes: notes, evicted: evicted)
    }

    /// "until the browser closes (a session cookie)", "until <date>", or the capped form.
    static func lifetime(_ expiry: Date?, cappedFrom attribute: String?) -> String {
        guard let expiry else { return CookieReason.lifetimeSession.text([:]) }
        let date = CookieDate.format(expiry)
        if let attribute { return CookieReason.lifetimeCapped.text(["date": date, "attribute": attribute]) }
        return CookieReason.lifetimeUntil.text(["date": date])
    }
}
