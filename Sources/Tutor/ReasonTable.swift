import Cookies
import Express

/// docs/REASONS.md: every reason crumbs can print, generated from the browser's catalog
/// (`CookieReason`) and the server modules' (`ServerReasons`).
public enum ReasonTable {
    public static let regenerate = "CRUMBS_WRITE_REASONS=1 swift test --filter ReasonTableTests"

    public static func markdown() -> String {
        var lines = [
            "# Every reason crumbs prints",
            "",
            "<!-- Generated from Sources/Cookies/CookieReason.swift and Sources/Express/ServerReasons.swift;",
            "     do not edit by hand. Regenerate with: \(regenerate) -->",
            "",
            "The \"why\" lines, with the source each follows. `{name}` marks what varies. A test fails",
            "when this file differs from the code, and when a module prints a reason the catalog lacks.",
            "Regenerate with `\(regenerate)`.",
            "",
            "## The browser (Cookies)",
            "",
            "Printed as `browser: stored: …`, `browser: rejected: …`, `browser: withheld NAME — …`, and",
            "in `why` as notes. The browser follows Chrome's rules unless `browser firefox` or",
            "`browser safari` switches them; `{browser}` names the one in force.",
        ]
        var group = ""
        for reason in CookieReason.allCases.sorted(by: { order($0.group) < order($1.group) }) {
            if reason.group != group {
                group = reason.group
                lines += ["", "### \(group.prefix(1).uppercased() + group.dropFirst())", "", "| Reason | Source |", "| --- | --- |"]
            }
            lines.append("| \(cell(reason.template)) | \(cell(reason.source)) |")
        }
        lines += [
            "",
            "## The server (express-session, connect-sqlite3, cookie-parser, express)",
            "",
            "Printed as `express-session: …` and so on. Texts are as the modules' JavaScript writes them:",
            "`{expression}` is the JavaScript that fills it in, and `name = '…'` lists a value a part can take.",
        ]
        for module in ["express-session", "connect-sqlite3", "cookie-parser", "express"] {
            lines += ["", "### \(module)", "", "| Reason | Source |", "| --- | --- |"]
            for entry in ServerReasons.all where entry.module == module {
                lines.append("| \(cell(entry.text)) | \(cell(entry.source)) |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static let groups = ["stored", "replaced", "deleted", "rejected", "rejected while parsing", "note",
                         "note: attribute ignored", "withheld", "sent", "part of a reason"]

    static func order(_ group: String) -> Int { groups.firstIndex(of: group) ?? groups.count }

    /// A table cell: the text as code (so `__Host-` stays literal), pipes escaped.
    static func cell(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "|", with: "\\|")
        return escaped.contains("`") ? "`` \(escaped) ``" : "`\(escaped)`"
    }
}
