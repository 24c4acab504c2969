import Foundation
// The fixtures every test target shares, visible in every file of this one.
@_exported import TestSupport
import Synchronization
import Testing
@testable import Tutor

/// The repository's lessons folder.
let lessonsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("lessons")

/// What one test creates that must not outlive it: a folder in the temporary directory holding
/// every folder the test asks for, and the tutors it makes (their servers).
final class Scratch: Sendable {
    @TaskLocal static var current: Scratch?

    /// Short, so that a Unix socket inside it stays within the 107 bytes such a path may have.
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("crumbs-test-\(UUID().uuidString.prefix(8))")
    private let tutors = Mutex<[Tutor]>([])

    /// A new empty folder inside the test's own.
    func folder() -> URL {
        let dir = root.appendingPathComponent(String(UUID().uuidString.prefix(8)))
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func keep(_ tutor: Tutor) { tutors.withLock { $0.append(tutor) } }

    /// Shuts every tutor down (a second shutdown does nothing), then removes the folder.
    func close() async {
        for tutor in tutors.withLock({ $0 }) { await tutor.shutdown() }
        try? FileManager.default.removeItem(at: root)
    }
}

/// `.scratch` on a suite or test: each test (each case of a parameterised one) gets its own
/// `Scratch`, closed when the test ends, whether it passed, failed or threw.
struct ScratchTrait: SuiteTrait, TestTrait, TestScoping {
    var isRecursive: Bool { true }

    func provideScope(for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void) async throws {
        let scratch = Scratch()
        do {
            try await Scratch.$current.withValue(scratch) { try await function() }
        } catch {
            await scratch.close()
            throw error
        }
        await scratch.close()
    }
}

extension Trait where Self == ScratchTrait {
    static var scratch: Self { Self() }
}


/// A new empty folder that the test's `Scratch` removes.
func temporaryDirectory() -> URL {
    guard let scratch = Scratch.current else {
        Issue.record("temporaryDirectory() outside a test with the .scratch trait: the folder would be left behind")
        return FileManager.default.temporaryDirectory.appendingPathComponent("crumbs-unscoped-\(UUID().uuidString)")
    }
    return scratch.folder()
}

/// A deterministic tutor on a free port, with its own state folder; the test's `Scratch` shuts it down.
func makeTutor(width: Int = 100, color: Bool = false, state: URL = temporaryDirectory(), lessons: URL = lessonsFolder,
               timeout: TimeInterval = 2, saveProgress: Bool = true) -> Tutor {
    let tutor = Tutor(config: TutorConfig(lessonsDirectory: lessons, stateDirectory: state, width: { width }, color: color,
                                          deterministic: true, timeout: timeout, port: 0, saveProgress: saveProgress))
    if let scratch = Scratch.current { scratch.keep(tutor) } else { Issue.record("makeTutor() outside a test with the .scratch trait") }
    return tutor
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
