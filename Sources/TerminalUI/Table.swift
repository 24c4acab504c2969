/// A table with a header row, fitted to a width by cutting the widest flexible columns.
public struct Table: Sendable {
    public var headers: [String]
    public var rows: [[String]]
    /// Columns that may be cut to fit (others keep their width).
    public var flexible: Set<Int>

    public init(headers: [String], rows: [[String]], flexible: Set<Int> = []) {
        self.headers = headers
        self.rows = rows
        self.flexible = flexible
    }

    public func render(width: Int, theme: Theme = .plain) -> [String] {
        let columns = headers.count
        var widths = (0..<columns).map { c in
            ([headers[c]] + rows.map { c < $0.count ? $0[c] : "" }).map(TextLayout.width).max() ?? 0
        }
        let gap = 2
        func total() -> Int { widths.reduce(0, +) + gap * (columns - 1) }
        while total() > width {
            let candidates = flexible.isEmpty ? Set(0..<columns) : flexible
            guard let widest = candidates.max(by: { widths[$0] < widths[$1] }), widths[widest] > 4 else { break }
            widths[widest] -= 1
        }
        func line(_ cells: [String]) -> String {
            let padded = (0..<columns).map { c in TextLayout.pad(c < cells.count ? cells[c] : "", widths[c]) }
            return TextLayout.trimRight(padded.joined(separator: String(repeating: " ", count: gap)))
        }
        return [theme.paint(line(headers), .bold)] + rows.map(line)
    }
}
