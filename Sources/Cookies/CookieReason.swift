/// Every reason (and every part of one) the browser model prints, with the source it comes
/// from. The text a learner reads is the template with its `{placeholders}` filled in, so the
/// table in docs/REASONS.md, generated from `allCases`, cannot drift from what crumbs prints.
public enum CookieReason: String, Sendable, Hashable, CaseIterable {
    // Set-Cookie parsing
    case emptyNameAndValue, controlCharacter, tooLarge
    // Attributes passed over while parsing
    case ignoredLongAttribute, ignoredExpires, ignoredMaxAge, ignoredEmptyDomain, ignoredEmptyPath,
         ignoredRelativePath, ignoredSameSite
    // Storing: rejections
    case hostNotInDomain, publicSuffix, topLevelName, secureFromInsecure, secureFromLocalhost,
         httpOnlyFromScript, noneWithoutSecure, partitionedWithoutSecure, thirdPartyBlockedSet,
         laxDefaultFromSubresource, sameSiteFromSubresource, securePrefixNotSecure, hostPrefixNotSecure,
         hostPrefixDomain, hostPrefixNoPath, hostPrefixWrongPath, namelessPrefix, insecureOverwrite,
         scriptOverwritesHttpOnly, nothingToDelete
    // Storing: outcomes
    case stored, replacedValue, replacedExpiry, replacedSame, deleted
    // Parts of a stored line
    case scopeHostOnly, scopeDomain, scopePartition, pathGiven, pathDefault, lifetimeSession, lifetimeUntil,
         lifetimeCapped, whyMaxAgeNotFuture, whyExpiresPast, expiryBrowserClose
    // Notes on a stored cookie
    case noteMaxAgeWins, noteLaxByDefault, noteNoLaxDefault, noteSecureLocalhost, noteHostOnlyOnSuffix,
         notePartitionedByBrowser, noteEvicted
    // Sending: cookies held back
    case expired, hostOnlyElsewhere, domainNoMatch, pathNoMatch, secureToInsecure, secureToLocalhost,
         httpOnlyFromDocumentCookie, thirdPartyBlockedSend, otherPartition, unpartitionedInThirdParty,
         strictCrossSite, laxNotTopLevelGet, laxDefaultNotTopLevelGet, laxDefaultPostTooOld
    // Sending: a cookie sent where one might not expect it
    case laxAllowingUnsafeSent
    // Who blocks third-party cookies
    case policyBrowserBlocks, policyOverrideBlocks

    /// The reason with `{placeholders}` for what varies.
    public var template: String {
        switch self {
        case .emptyNameAndValue: "\"{pair}\" has neither a name nor a value"
        case .controlCharacter: "\"{text}\" contains a control character"
        case .tooLarge: "name plus value is {size} bytes, more than the 4096 a browser keeps"

        case .ignoredLongAttribute: "{attribute} is longer than 1024 bytes"
        case .ignoredExpires: "Expires={value} is not a cookie-date"
        case .ignoredMaxAge: "Max-Age={value} is not a number of seconds"
        case .ignoredEmptyDomain: "Domain is empty"
        case .ignoredEmptyPath: "Path is empty"
        case .ignoredRelativePath: "Path={value} does not start with /"
        case .ignoredSameSite: "SameSite={value} is not Strict, Lax or None"

        case .hostNotInDomain: "{host} does not domain-match Domain={domain}: it is neither {domain} nor a subdomain of it"
        case .publicSuffix: "Domain={domain} is a public suffix: {host} may not set a cookie for every site under {domain}"
        case .topLevelName: "Domain={domain} is a top-level name, a public suffix by the Public Suffix List's default rule: {host} may not set a cookie for every host under {domain}"
        case .secureFromInsecure: "Secure cookie from {origin}, which is not a secure origin"
        case .secureFromLocalhost: "Secure cookie from {origin}: {browser} does not treat localhost as a secure context (Chrome and Firefox do)"
        case .httpOnlyFromScript: "HttpOnly cookies cannot be set from document.cookie"
        case .noneWithoutSecure: "SameSite=None requires Secure"
        case .partitionedWithoutSecure: "Partitioned requires Secure"
        case .thirdPartyBlockedSet: "third-party cookie blocked: {policy} (the page is {page})"
        case .laxDefaultFromSubresource: "no SameSite, which {browser} treats as Lax, on a cross-site subresource response (the page is {page}); only SameSite=None; Secure may be set there"
        case .sameSiteFromSubresource: "SameSite={value} on a cross-site subresource response (the page is {page}); only SameSite=None; Secure may be set there"
        case .securePrefixNotSecure: "{name} starts with __Secure- (the prefix matches in any letter case), so it must be Secure"
        case .hostPrefixNotSecure: "{name} starts with __Host- (the prefix matches in any letter case), so it must be Secure"
        case .hostPrefixDomain: "{name} starts with __Host-, so it must not have a Domain attribute"
        case .hostPrefixNoPath: "{name} starts with __Host-, so it needs the attribute Path=/, and it has no Path attribute"
        case .hostPrefixWrongPath: "{name} starts with __Host-, so it needs the attribute Path=/, not Path={path}"
        case .namelessPrefix: "a cookie without a name may not have a value starting with {prefix}: it would pose as a prefixed cookie"
        case .insecureOverwrite: "{origin} is not a secure origin and may not overwrite the Secure cookie {cookie}"
        case .scriptOverwritesHttpOnly: "document.cookie cannot overwrite the HttpOnly cookie {name}"
        case .nothingToDelete: "{why}, and the jar has no {name} with domain {domain} and path {path} to delete"

        case .stored: "{name} {scope}, {path}, kept {lifetime}"
        case .replacedValue: "{name} {scope}, {path}, has a new value, kept {lifetime}"
        case .replacedExpiry: "{name} {scope}, {path}, set again with the same value: its expiry moves from {old} to {new}"
        case .replacedSame: "{name} {scope}, {path}, set again with the same value and expiry, kept {lifetime}"
        case .deleted: "{name} removed ({scope}, {path}): {why}"

        case .scopeHostOnly: "for {host} only"
        case .scopeDomain: "for {domain} and its subdomains"
        case .scopePartition: "{scope} in the partition of top-level site {site}"
        case .pathGiven: "path {path}"
        case .pathDefault: "default path {path} (no Path attribute: the directory of {request})"
        case .lifetimeSession: "until the browser closes (a session cookie)"
        case .lifetimeUntil: "until {date}"
        case .lifetimeCapped: "until {date}, the 400-day cap ({attribute} asked for longer)"
        case .whyMaxAgeNotFuture: "Max-Age={value} is not in the future"
        case .whyExpiresPast: "Expires={value} is in the past"
        case .expiryBrowserClose: "the browser's closing"

        case .noteMaxAgeWins: "Max-Age={value} wins over Expires"
        case .noteLaxByDefault: "no SameSite: {browser} treats it as Lax, and for its first two minutes also sends it on a cross-site top-level POST (Firefox and Safari have no Lax default)"
        case .noteNoLaxDefault: "no SameSite: {browser} has no Lax default, so the cookie goes along on cross-site requests too (Chrome would treat it as Lax)"
        case .noteSecureLocalhost: "Secure over {origin}: {browser} treats localhost as a secure context (Safari does not, and would reject it)"
        case .noteHostOnlyOnSuffix: "Domain={domain} names this very host, which is a public suffix or a top-level name: the cookie is host-only, for {host} only"
        case .notePartitionedByBrowser: "a third-party cookie: {browser} keeps it in the partition of top-level site {site} (Total Cookie Protection)"
        case .noteEvicted: "evicted {cookie}: over the jar's limits"

        case .expired: "expired at {date}"
        case .hostOnlyElsewhere: "host-only cookie for {domain}, and this request goes to {host}"
        case .domainNoMatch: "{host} does not domain-match Domain={domain}: it is neither {domain} nor a subdomain of it"
        case .pathNoMatch: "Path={path} does not path-match {request}"
        case .secureToInsecure: "Secure cookie, and {origin} is not a secure origin"
        case .secureToLocalhost: "Secure cookie, and {browser} does not treat {origin} as a secure context (Chrome and Firefox do)"
        case .httpOnlyFromDocumentCookie: "HttpOnly: hidden from document.cookie"
        case .thirdPartyBlockedSend: "third-party cookie blocked: {policy}, and this is a cross-site subresource request (started by {page})"
        case .otherPartition: "kept in the partition of top-level site {partition}, and this request's top-level site is {site}"
        case .unpartitionedInThirdParty: "{browser} keeps third-party cookies per top-level site (Total Cookie Protection), and this cookie is not in the partition of {site}"
        case .strictCrossSite: "SameSite=Strict, and this request is cross-site (started by {page})"
        case .laxNotTopLevelGet: "SameSite=Lax, and this cross-site request (started by {page}) is not a top-level GET navigation"
        case .laxDefaultNotTopLevelGet: "no SameSite, which {browser} treats as Lax, and this cross-site request (started by {page}) is not a top-level GET navigation"
        case .laxDefaultPostTooOld: "no SameSite, which {browser} treats as Lax, and this cross-site top-level {method} (started by {page}) comes {age} after the cookie was set: the two-minute Lax-allowing-unsafe window is over"

        case .laxAllowingUnsafeSent: "sent {name} on a cross-site top-level {method} (started by {page}): it has no SameSite and was set {age} ago, within {browser}'s two-minute Lax-allowing-unsafe window"

        case .policyBrowserBlocks: "{browser} blocks every cookie of a cross-site subresource"
        case .policyOverrideBlocks: "`thirdparty block` is on, so no cookie of a cross-site subresource is set or sent"
        }
    }

    /// Where the behaviour comes from.
    public var source: String {
        switch self {
        case .emptyNameAndValue: "RFC 6265bis §5.6, §5.7"
        case .controlCharacter: "RFC 6265bis §5.6 step 1"
        case .tooLarge: "RFC 6265bis §5.6"
        case .ignoredLongAttribute: "RFC 6265bis §5.6"
        case .ignoredExpires: "RFC 6265bis §5.6.1, §5.1.1"
        case .ignoredMaxAge: "RFC 6265bis §5.6.2"
        case .ignoredEmptyDomain: "RFC 6265bis §5.6.3"
        case .ignoredEmptyPath, .ignoredRelativePath: "RFC 6265bis §5.6.4"
        case .ignoredSameSite: "RFC 6265bis §5.6.7"
        case .hostNotInDomain, .domainNoMatch: "RFC 6265bis §5.1.3, §5.7"
        case .publicSuffix, .topLevelName, .noteHostOnlyOnSuffix: "RFC 6265bis §5.7 (public suffixes)"
        case .secureFromInsecure, .secureToInsecure: "RFC 6265bis §5.7, §5.8.3"
        case .secureFromLocalhost, .secureToLocalhost, .noteSecureLocalhost: "browsers: localhost as a secure context (WebKit bug 281149)"
        case .httpOnlyFromScript, .scriptOverwritesHttpOnly: "RFC 6265bis §5.7"
        case .noneWithoutSecure: "RFC 6265bis §5.7"
        case .partitionedWithoutSecure, .scopePartition, .otherPartition: "CHIPS (draft-cutler-httpbis-partitioned-cookies)"
        case .thirdPartyBlockedSet, .thirdPartyBlockedSend, .policyBrowserBlocks, .policyOverrideBlocks:
            "browsers: third-party cookie blocking"
        case .notePartitionedByBrowser, .unpartitionedInThirdParty: "Firefox: Total Cookie Protection"
        case .laxDefaultFromSubresource, .sameSiteFromSubresource: "RFC 6265bis §5.7"
        case .securePrefixNotSecure, .hostPrefixNotSecure, .hostPrefixDomain, .hostPrefixNoPath, .hostPrefixWrongPath,
             .namelessPrefix:
            "RFC 6265bis §5.7 (cookie name prefixes)"
        case .insecureOverwrite: "RFC 6265bis §5.7"
        case .nothingToDelete, .deleted, .whyMaxAgeNotFuture, .whyExpiresPast: "RFC 6265bis §5.7"
        case .stored, .replacedValue, .replacedExpiry, .replacedSame, .expiryBrowserClose: "RFC 6265bis §5.7"
        case .scopeHostOnly, .scopeDomain: "RFC 6265bis §5.7 (host-only-flag)"
        case .pathGiven, .pathDefault: "RFC 6265bis §5.1.4, §5.6.4"
        case .lifetimeSession, .lifetimeUntil: "RFC 6265bis §5.7 (persistent-flag)"
        case .lifetimeCapped: "RFC 6265bis §5.5, §5.6.1, §5.6.2"
        case .noteMaxAgeWins: "RFC 6265bis §5.7"
        case .noteLaxByDefault, .noteNoLaxDefault, .laxDefaultNotTopLevelGet: "RFC 6265bis §5.6.7; Chromium's Lax default"
        case .laxDefaultPostTooOld, .laxAllowingUnsafeSent: "Chromium: Lax-allowing-unsafe (RFC 6265bis §5.8.3)"
        case .noteEvicted: "RFC 6265bis §5.7, §6.1"
        case .expired: "RFC 6265bis §5.7, §5.8.3"
        case .hostOnlyElsewhere: "RFC 6265bis §5.8.3"
        case .pathNoMatch: "RFC 6265bis §5.1.4, §5.8.3"
        case .httpOnlyFromDocumentCookie: "RFC 6265bis §5.8.3"
        case .strictCrossSite, .laxNotTopLevelGet: "RFC 6265bis §5.8.3"
        }
    }

    /// What the reason is for, the group it is listed under.
    public var group: String {
        switch self {
        case .emptyNameAndValue, .controlCharacter, .tooLarge: "rejected while parsing"
        case .ignoredLongAttribute, .ignoredExpires, .ignoredMaxAge, .ignoredEmptyDomain, .ignoredEmptyPath,
             .ignoredRelativePath, .ignoredSameSite: "note: attribute ignored"
        case .hostNotInDomain, .publicSuffix, .topLevelName, .secureFromInsecure, .secureFromLocalhost,
             .httpOnlyFromScript, .noneWithoutSecure, .partitionedWithoutSecure, .thirdPartyBlockedSet,
             .laxDefaultFromSubresource, .sameSiteFromSubresource, .securePrefixNotSecure, .hostPrefixNotSecure,
             .hostPrefixDomain, .hostPrefixNoPath, .hostPrefixWrongPath, .namelessPrefix, .insecureOverwrite,
             .scriptOverwritesHttpOnly, .nothingToDelete: "rejected"
        case .stored: "stored"
        case .replacedValue, .replacedExpiry, .replacedSame: "replaced"
        case .deleted: "deleted"
        case .scopeHostOnly, .scopeDomain, .scopePartition, .pathGiven, .pathDefault, .lifetimeSession,
             .lifetimeUntil, .lifetimeCapped, .whyMaxAgeNotFuture, .whyExpiresPast, .expiryBrowserClose,
             .policyBrowserBlocks, .policyOverrideBlocks: "part of a reason"
        case .noteMaxAgeWins, .noteLaxByDefault, .noteNoLaxDefault, .noteSecureLocalhost, .noteHostOnlyOnSuffix,
             .notePartitionedByBrowser, .noteEvicted: "note"
        case .expired, .hostOnlyElsewhere, .domainNoMatch, .pathNoMatch, .secureToInsecure, .secureToLocalhost,
             .httpOnlyFromDocumentCookie, .thirdPartyBlockedSend, .otherPartition, .unpartitionedInThirdParty,
             .strictCrossSite, .laxNotTopLevelGet, .laxDefaultNotTopLevelGet, .laxDefaultPostTooOld: "withheld"
        case .laxAllowingUnsafeSent: "sent"
        }
    }

    /// The names of the template's placeholders, in order.
    public var placeholders: [String] {
        var names: [String] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// The reason with its placeholders filled in. Every placeholder must be given.
    public func text(_ values: [String: String]) -> String {
        var result = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            result += rest[..<open]
            let key = String(rest[rest.index(after: open)..<close])
            guard let value = values[key] else {
                preconditionFailure("reason \(rawValue) needs a value for {\(key)}")
            }
            result += value
            rest = rest[rest.index(after: close)...]
        }
        return result + rest
    }
}
