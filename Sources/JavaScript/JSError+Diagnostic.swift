extension JSError {
    /// The error as a compiler prints it: `file:line:column: message`, then the source line
    /// and a caret under the column.
    public func diagnostic(source: String) -> String {
        guard let location, location.line >= 1 else { return description }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard location.line <= lines.count else { return description }
        let text = String(lines[location.line - 1])
        let column = max(1, location.column)
        let pad = String(text.prefix(column - 1).map { $0 == "\t" ? "\t" : " " })
        return "\(description)\n\(text)\n\(pad)^"
    }
}
