/// Where in a script something happened.
public struct JSLocation: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }
    public var description: String { "\(file):\(line):\(column)" }
}

/// Errors of the JavaScript module: what JavaScriptCore threw, as Swift values.
public enum JSError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The source does not parse.
    case syntax(message: String, location: JSLocation?)
    /// Running the code threw.
    case exception(name: String, message: String, location: JSLocation?, stack: String)
    /// The code ran longer than the context's time limit and was stopped.
    case timeLimitExceeded(seconds: Double)
    /// The process's memory passed the context's limit while the code ran, and it was stopped.
    case memoryLimitExceeded(megabytes: Int)

    public var message: String {
        switch self {
        case .syntax(let m, _): return "SyntaxError: \(m)"
        case .exception(let name, let m, _, _): return m.isEmpty ? name : "\(name): \(m)"
        case .timeLimitExceeded(let s):
            return "stopped after \(Self.seconds(s)) s: the code never finished (an endless loop?)"
        case .memoryLimitExceeded(let mb):
            return "stopped: memory passed \(mb) MB while the code ran (Node would stop with \"JavaScript heap out of memory\")"
        }
    }

    public var location: JSLocation? {
        switch self {
        case .syntax(_, let l), .exception(_, _, let l, _): return l
        case .timeLimitExceeded, .memoryLimitExceeded: return nil
        }
    }

    public var description: String {
        location.map { "\($0): \(message)" } ?? message
    }

    public static func seconds(_ s: Double) -> String {
        s == s.rounded() ? String(Int(s)) : String(s)
    }
}
