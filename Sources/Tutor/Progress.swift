import Foundation

/// What the learner has done: where they are, which steps are complete, hints used.
public struct Progress: Sendable, Hashable, Codable {
    public var version = 1
    public var lesson: String?
    public var step: Int = 0
    /// Completed step numbers (0-based) by lesson id.
    public var completed: [String: [Int]] = [:]
    /// Hints revealed, by "lesson#step".
    public var hints: [String: Int] = [:]
    /// Exercise steps solved with `solution apply`, by lesson id.
    public var solutionsApplied: [String: Set<Int>] = [:]

    public init() {}

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decodeIfPresent(Int.self, forKey: .version) ?? 1
        lesson = try c.decodeIfPresent(String.self, forKey: .lesson)
        step = try c.decodeIfPresent(Int.self, forKey: .step) ?? 0
        completed = try c.decodeIfPresent([String: [Int]].self, forKey: .completed) ?? [:]
        hints = try c.decodeIfPresent([String: Int].self, forKey: .hints) ?? [:]
        solutionsApplied = try c.decodeIfPresent([String: Set<Int>].self, forKey: .solutionsApplied) ?? [:]
    }

    public func isComplete(_ lesson: String, _ step: Int) -> Bool { completed[lesson]?.contains(step) ?? false }

    public mutating func complete(_ lesson: String, _ step: Int) {
        var steps = Set(completed[lesson] ?? [])
        steps.insert(step)
        completed[lesson] = steps.sorted()
    }
}

/// Reads and writes progress atomically; a file it cannot read is set aside, never lost.
struct ProgressStore {
    let file: URL

    /// Loads progress; a corrupt file is renamed beside itself and reported.
    func load() -> (Progress, String?) {
        guard let data = try? Data(contentsOf: file) else { return (Progress(), nil) }
        do {
            return (try JSONDecoder().decode(Progress.self, from: data), nil)
        } catch {
            // A name no earlier corrupt file has (two in the same second must not collide), and a
            // message that says where the file really went.
            let dir = file.deletingLastPathComponent()
            let stamp = Int(Date().timeIntervalSince1970)
            var aside = dir.appendingPathComponent("progress.corrupt-\(stamp).json")
            var n = 2
            while FileManager.default.fileExists(atPath: aside.path) {
                aside = dir.appendingPathComponent("progress.corrupt-\(stamp)-\(n).json")
                n += 1
            }
            do {
                try FileManager.default.moveItem(at: file, to: aside)
            } catch {
                return (Progress(), "Your progress file \(file.path) could not be read, nor set aside (\(error.localizedDescription)); it was left where it is and this run starts fresh.")
            }
            return (Progress(), "Your progress file \(file.path) could not be read (\(Self.describe(error))). It was kept as \(aside.lastPathComponent); starting fresh.")
        }
    }

    /// Writes to a temporary file, then renames it over the old one.
    func save(_ progress: Progress) throws {
        let dir = file.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let tmp = dir.appendingPathComponent(".progress-\(UUID().uuidString).tmp")
        try encoder.encode(progress).write(to: tmp)
        if rename(tmp.path, file.path) != 0 {
            try? FileManager.default.removeItem(at: tmp)
            throw CocoaError(.fileWriteUnknown)
        }
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted: return "not valid JSON"
        case DecodingError.keyNotFound(let key, _): return "missing \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let c): return "wrong type at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        default: return "\(error)"
        }
    }
}
