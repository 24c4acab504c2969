import Foundation
import Synchronization
@testable import Tutor

/// The repository's lessons folder.
let lessonsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("lessons")

func temporaryDirectory() -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("crumbs-test-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// A deterministic tutor on a free port, with its own state folder.
func makeTutor(width: Int = 100, color: Bool = false, state: URL = temporaryDirectory(), lessons: URL = lessonsFolder,
               timeout: TimeInterval = 0.5, saveProgress: Bool = true) -> Tutor {
    Tutor(config: TutorConfig(lessonsDirectory: lessons, stateDirectory: state, width: { width }, color: color,
                              deterministic: true, timeout: timeout, port: 0, saveProgress: saveProgress))
}

/// Runs commands as a script and returns the transcript.
func transcript(_ tutor: Tutor, _ commands: [String]) async -> String {
    let lines = Mutex<[String]>([])
    await ScriptRunner.run(tutor: tutor, lines: commands) { line in lines.withLock { $0.append(line) } }
    return lines.withLock { $0.joined(separator: "\n") }
}

extension Tutor {
    func run(_ command: String) async -> String {
        await execute(command).lines.joined(separator: "\n")
    }
}
