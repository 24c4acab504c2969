import Foundation

extension CookieJar {
    /// Chooses the cookies for a request to `url` (RFC 6265 §5.4), updating their last-access
    /// time, and says why each other cookie was held back.
    public mutating func cookies(for url: CookieURL, context: RequestContext = RequestContext(),
                                 at now: Date) -> CookieSelection {
        var withheld = removeExpired(at: now).map {
            Withheld(cookie: $0, kind: .expired, reason: "expired at \(CookieDate.format($0.expiry!))")
        }
        var sent: [Cookie] = []
        for cookie in cookies {
            if let (kind, reason) = Self.holdBack(cookie, for: url, context: context) {
                withheld.append(Withheld(cookie: cookie, kind: kind, reason: reason))
            } else {
                sent.append(cookie)
            }
        }
        // RFC 6265 §5.4 step 2: longer paths first, then earlier creation times.
        sent = sent.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if x.path.count != y.path.count { return x.path.count > y.path.count }
            if x.creation != y.creation { return x.creation < y.creation }
            return a.offset < b.offset
        }.map(\.element)
        // Step 3: update the last-access time.
        touch(Set(sent.map(\.key)), at: now)
        for i in sent.indices { sent[i].lastAccess = now }
        return CookieSelection(sent: sent, withheld: withheld)
    }

    /// What a page's script reads from `document.cookie`: the cookies for the page, without
    /// HttpOnly ones.
    public mutating func documentCookie(for url: CookieURL, at now: Date) -> CookieSelection {
        cookies(for: url, context: RequestContext(api: .script), at: now)
    }

    /// RFC 6265 §5.4 step 1, with Secure for loopback and SameSite from RFC 6265bis §5.8.3.
    static func holdBack(_ cookie: Cookie, for url: CookieURL, context: RequestContext) -> (Withheld.Kind, String)? {
        if cookie.hostOnly {
            if cookie.domain != url.host {
                return (.domain, "host-only cookie for \(cookie.domain), and this request goes to \(url.host)")
            }
        } else if !Domain.matches(url.host, domain: cookie.domain) {
            return (.domain, "Domain=\(cookie.domain) does not domain-match \(url.host)")
        }
        if !CookiePath.matches(url.path, cookiePath: cookie.path) {
            return (.path, "Path=\(cookie.path) does not match \(url.path)")
        }
        if cookie.secure && !url.isSecureContext {
            return (.secure, "Secure cookie, and \(url.origin) is not a secure origin")
        }
        if context.api == .script && cookie.httpOnly {
            return (.httpOnly, "HttpOnly: hidden from document.cookie")
        }
        if context.blocksThirdPartyCookies && context.isThirdParty(to: url) {
            return (.thirdParty, "third-party cookie blocked: this is a cross-site subresource request (started by \(context.initiator!.origin))")
        }
        if context.isCrossSite(to: url) {
            let from = context.initiator!.origin
            switch cookie.effectiveSameSite {
            case .strict:
                return (.sameSite, "SameSite=Strict, and this request is cross-site (started by \(from))")
            case .lax where !(context.isTopLevelNavigation && context.isSafeMethod):
                let rule = cookie.sameSite == nil ? "no SameSite (treated as Lax, as in Chrome)" : "SameSite=Lax"
                return (.sameSite, "\(rule), and this cross-site request (started by \(from)) is not a top-level GET navigation")
            default:
                break
            }
        }
        return nil
    }
}
