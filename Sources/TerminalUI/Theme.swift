/// Colours for the terminal, or none (NO_COLOR, --no-color, a pipe).
public struct Theme: Sendable, Hashable {
    public var color: Bool

    public init(color: Bool) {
        self.color = color
    }

    public static let plain = Theme(color: false)

    public enum Tone: String, Sendable {
        case added = "32", removed = "31", changed = "33", dim = "2", bold = "1", accent = "36", warning = "35"
    }

    /// Wraps text in an ANSI colour when colour is on.
    public func paint(_ text: String, _ tone: Tone) -> String {
        guard color, !text.isEmpty else { return text }
        return "\u{1B}[\(tone.rawValue)m\(text)\u{1B}[0m"
    }
}
