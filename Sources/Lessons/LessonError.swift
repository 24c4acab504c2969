/// A problem in a lesson file, reported as a compiler would: `file:line:column: message`,
/// the source line, and a caret.
public struct LessonError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    /// The offending source line, when known.
    public var sourceLine: String?

    public init(file: String, line: Int, column: Int, message: String, sourceLine: String? = nil) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
        self.sourceLine = sourceLine
    }

    public var description: String {
        var text = "\(file):\(line):\(column): \(message)"
        if let sourceLine {
            let pad = String(sourceLine.prefix(max(0, column - 1)).map { $0 == "\t" ? "\t" : " " })
            text += "\n\(sourceLine)\n\(pad)^"
        }
        return text
    }
}
