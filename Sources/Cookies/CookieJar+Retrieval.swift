import Foundation

extension CookieJar {
    /// Chooses the cookies for a request to `url` (RFC 6265bis §5.8.3), updating their
    /// last-access time, and says why each other cookie was held back.
    public mutating func cookies(for url: CookieURL, context: RequestContext = RequestContext(),
                                 at now: Date) -> CookieSelection {
        var withheld = removeExpired(at: now).map {
            Withheld(cookie: $0, kind: .expired, reason: CookieReason.expired.text(["date": CookieDate.format($0.expiry!)]))
        }
        var sent: [Cookie] = []
        var remarks: [String] = []
        for cookie in cookies {
            switch Self.decide(cookie, for: url, context: context, at: now) {
            case .withhold(let kind, let reason):
                withheld.append(Withheld(cookie: cookie, kind: kind, reason: reason))
            case .send(let remark):
                sent.append(cookie)
                if let remark { remarks.append(remark) }
            }
        }
        // RFC 6265bis §5.8.3 step 2: longer paths first, then earlier creation times.
        sent = sent.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.path.count != y.path.count { return x.path.count > y.path.count }
            if x.creation != y.creation { return x.creation < y.creation }
            return a.offset < b.offset
        }.map(\.element)
        // Step 3: update the last-access time.
        touch(Set(sent.map(\.key)), at: now)
        for i in sent.indices { sent[i].lastAccess = now }
        return CookieSelection(sent: sent, withheld: withheld, remarks: remarks)
    }

    /// What a page's script reads from `document.cookie`: the cookies for the page, without
    /// HttpOnly ones.
    public mutating func documentCookie(for url: CookieURL, rules: CookieRules = CookieRules(), at now: Date) -> CookieSelection {
        cookies(for: url, context: RequestContext(api: .script, rules: rules), at: now)
    }

    enum Verdict {
        case send(remark: String?)
        case withhold(Withheld.Kind, String)
    }

    /// RFC 6265bis §5.8.3 step 1, with the browser's rules for Secure on localhost, third-party
    /// cookies, partitions and the SameSite default.
    static func decide(_ cookie: Cookie, for url: CookieURL, context: RequestContext, at now: Date) -> Verdict {
        let rules = context.rules
        if cookie.hostOnly {
            if cookie.domain != url.host {
                return .withhold(.domain, CookieReason.hostOnlyElsewhere.text(["domain": cookie.domain, "host": url.host]))
            }
        } else if !Domain.matches(url.host, domain: cookie.domain) {
            return .withhold(.domain, CookieReason.domainNoMatch.text(["host": url.host, "domain": cookie.domain]))
        }
        if !CookiePath.matches(url.path, cookiePath: cookie.path) {
            return .withhold(.path, CookieReason.pathNoMatch.text(["path": cookie.path, "request": url.path]))
        }
        if cookie.secure && !rules.isSecure(url) {
            if Domain.isLoopback(url.host) && url.scheme == "http" {
                return .withhold(.secure, CookieReason.secureToLocalhost.text(["browser": rules.browser.name, "origin": url.origin]))
            }
            return .withhold(.secure, CookieReason.secureToInsecure.text(["origin": url.origin]))
        }
        if context.api == .script && cookie.httpOnly {
            return .withhold(.httpOnly, CookieReason.httpOnlyFromDocumentCookie.text([:]))
        }
        let site = context.topLevelSite(for: url)
        if let partition = cookie.partitionKey, partition != site {
            return .withhold(.partition, CookieReason.otherPartition.text(["partition": partition, "site": site]))
        }
        let page = context.initiator?.origin ?? url.origin
        if context.isThirdParty(to: url) {
            switch rules.thirdParty {
            case .block where !(cookie.partitionKey != nil && rules.partitionedSurvivesBlocking):
                return .withhold(.thirdParty, CookieReason.thirdPartyBlockedSend.text(["policy": rules.blockingPolicy, "page": page]))
            case .partition where cookie.partitionKey == nil:
                return .withhold(.thirdParty, CookieReason.unpartitionedInThirdParty.text(["browser": rules.browser.name, "site": site]))
            default:
                break
            }
        }
        guard context.isCrossSite(to: url) else { return .send(remark: nil) }
        switch rules.effectiveSameSite(cookie) {
        case .strict:
            return .withhold(.sameSite, CookieReason.strictCrossSite.text(["page": page]))
        case .lax where !(context.isTopLevelNavigation && context.isSafeMethod):
            guard cookie.sameSite == nil else {
                return .withhold(.sameSite, CookieReason.laxNotTopLevelGet.text(["page": page]))
            }
            // Chromium's Lax-allowing-unsafe: a defaulted-Lax cookie younger than two minutes
            // still rides a cross-site top-level request with an unsafe method (a form POST).
            if context.isTopLevelNavigation, let window = rules.laxAllowingUnsafeWindow {
                let age = now.timeIntervalSince(cookie.creation)
                let values = ["browser": rules.browser.name, "page": page, "method": context.method,
                              "age": Self.describeAge(age), "name": cookie.name]
                if age < window { return .send(remark: CookieReason.laxAllowingUnsafeSent.text(values)) }
                return .withhold(.sameSite, CookieReason.laxDefaultPostTooOld.text(values))
            }
            return .withhold(.sameSite, CookieReason.laxDefaultNotTopLevelGet.text(["browser": rules.browser.name, "page": page]))
        default:
            return .send(remark: nil)
        }
    }

    /// "45 s", "2 min 5 s", "3 h 1 min".
    static func describeAge(_ seconds: TimeInterval) -> String {
        let s = Int(seconds.rounded(.down))
        if s < 60 { return "\(s) s" }
        if s < 3600 { return s % 60 == 0 ? "\(s / 60) min" : "\(s / 60) min \(s % 60) s" }
        let m = s / 60
        if m < 1440 { return m % 60 == 0 ? "\(m / 60) h" : "\(m / 60) h \(m % 60) min" }
        return "\(m / 1440) d"
    }
}
