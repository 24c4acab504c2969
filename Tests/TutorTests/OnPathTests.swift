import Express
import Foundation
import Lessons
import Testing
@testable import Tutor

/// A world still exactly on the lesson's path (a clock that stands still, only the step's own
/// commands typed) moves on to the next step by replaying what is left of the path on it; every
/// other world starts over. Either way the step starts in the same state.
@Suite(.scratch) struct OnPathTests {
    /// The running app's runtime (held, so that a new one is never taken for it).
    static func runtime(_ tutor: Tutor) async -> ExpressRuntime? {
        await tutor.appSlot.app?.runtime
    }

    /// What a step starts from when everything starts over: the world is taken off the path
    /// first (`jar clear` changes it), so `step N` rebuilds from the lesson's start.
    static func startingOver(lesson: Int, step: Int) async -> Tutor.StateSummary {
        let tutor = makeTutor(saveProgress: false)
        _ = await tutor.start()
        _ = await tutor.run("open \(lesson)")
        _ = await tutor.run("jar clear")
        #expect(await tutor.cursor.onPath == nil)
        _ = await tutor.run("step \(step)")
        return await tutor.stateSummary()
    }

    @Test(arguments: try lessonNumbers())
    func eachStepStartsAsIfEverythingStartedOver(lesson number: Int) async throws {
        let tutor = makeTutor(saveProgress: false)
        _ = await tutor.start()
        _ = await tutor.run("open \(number)")
        let lesson = try #require(await tutor.currentLesson)
        for (index, step) in lesson.steps.enumerated() where index + 1 < lesson.steps.count {
            for command in step.tries { _ = await tutor.run(command) }
            if step.isExercise {
                _ = await tutor.run("solution apply")
                for command in step.tries { _ = await tutor.run(command) }
            }
            let onPath = await tutor.cursor.onPath
            let before = await Self.runtime(tutor)
            let entered = await tutor.run("next")
            #expect(!entered.contains("put back"), "lesson \(number) step \(index + 2)")
            let after = await Self.runtime(tutor)
            // Moved on along the path: the same server, unless the next step's code differs.
            let next = lesson.steps[index + 1]
            if onPath != nil, !next.fresh, !next.isExercise, lesson.code(at: index + 1) == lesson.code(at: index) {
                #expect(before != nil && before === after, "lesson \(number) step \(index + 2) started over")
            }
            let start = await Self.startingOver(lesson: number, step: index + 2)
            #expect(await tutor.stateSummary() == start, "lesson \(number) step \(index + 2)")
            // Back, then on again: the step before starts over, and moving on from its start
            // replays all of its commands.
            _ = await tutor.run("back")
            _ = await tutor.run("next")
            #expect(await tutor.stateSummary() == start, "lesson \(number) step \(index + 2) after back and next")
        }
    }

    static func lessonNumbers() throws -> [Int] {
        let files = try FileManager.default.contentsOfDirectory(atPath: lessonsFolder.path).filter { $0.hasSuffix(".md") && $0 != "README.md" }
        return Array(1...files.count)
    }

    /// Lesson 3's first two steps share their code; the second step's start is the first
    /// step's world after its command.
    @Test func theStepsOwnCommandsKeepTheWorldOnThePath() async throws {
        let tutor = makeTutor(saveProgress: false)
        _ = await tutor.start()
        _ = await tutor.run("open 3")
        #expect(await tutor.cursor.onPath == Tutor.PathPosition(lesson: 2, step: 0, typed: 0))
        let lesson = try #require(await tutor.currentLesson)
        #expect(lesson.steps[0].tries == ["get /"])
        // Looking changes nothing; the step's command is the next on the path.
        _ = await tutor.run("jar")
        _ = await tutor.run("store")
        _ = await tutor.run("get /")
        _ = await tutor.run("why")
        #expect(await tutor.cursor.onPath == Tutor.PathPosition(lesson: 2, step: 0, typed: 1))
        let server = await Self.runtime(tutor)
        _ = await tutor.run("next")
        #expect(await tutor.cursor.onPath == Tutor.PathPosition(lesson: 2, step: 1, typed: 0))
        #expect(await Self.runtime(tutor) === server)
        #expect(await tutor.stateSummary().sessions.count == 1)
        // The second step's own commands, one of them a request the route never answers: its
        // time-out is the outcome the path has too (told at once, replayed or typed).
        #expect(lesson.steps[1].tries == ["get /", "get /newpage"])
        _ = await tutor.run("get /")
        #expect(await tutor.run("get /newpage").contains("no response after 2 s"))
        #expect(await tutor.cursor.onPath == Tutor.PathPosition(lesson: 2, step: 1, typed: 2))
    }

    @Test(arguments: [
        ["get /", "get /"],                        // typed twice
        ["post /"],                                // not the step's command
        ["get /", "jar clear"],                    // a command that changes the world
        ["get /", "wait 1s"],
        ["app.get('/x', (req, res) => res.send('x'))"],  // code typed at the prompt
    ])
    func anythingElseStartsOver(typed: [String]) async throws {
        let tutor = makeTutor(saveProgress: false)
        _ = await tutor.start()
        _ = await tutor.run("open 3")
        for command in typed { _ = await tutor.run(command) }
        #expect(await tutor.cursor.onPath == nil)
        let server = await Self.runtime(tutor)
        _ = await tutor.run("next")
        #expect(await Self.runtime(tutor) !== server)
        #expect(await tutor.stateSummary() == (await Self.startingOver(lesson: 3, step: 2)))
    }

    /// Under the system clock time passes between what the learner typed and `next`: the
    /// step's start replays the path at the time it starts.
    @Test func aClockThatRunsAlwaysStartsOver() async throws {
        let tutor = Tutor(config: TutorConfig(lessonsDirectory: lessonsFolder, stateDirectory: temporaryDirectory(),
                                              deterministic: false, timeout: 2, port: 0, saveProgress: false))
        Scratch.current?.keep(tutor)
        _ = await tutor.start()
        _ = await tutor.run("open 3")
        #expect(await tutor.cursor.onPath == nil)
        _ = await tutor.run("get /")
        let server = await Self.runtime(tutor)
        _ = await tutor.run("next")
        #expect(await Self.runtime(tutor) !== server)
        #expect(await tutor.stateSummary().sessions.count == 1)
    }

    /// Going back starts over: the world is past the step it goes to.
    @Test func backStartsOver() async throws {
        let tutor = makeTutor(saveProgress: false)
        _ = await tutor.start()
        _ = await tutor.run("open 3")
        _ = await tutor.run("get /")
        _ = await tutor.run("next")
        let server = await Self.runtime(tutor)
        _ = await tutor.run("back")
        #expect(await Self.runtime(tutor) !== server)
        #expect(await tutor.stateSummary().sessions.isEmpty)
        #expect(await tutor.cursor.onPath == Tutor.PathPosition(lesson: 2, step: 0, typed: 0))
        // On again from the step's start: its command is replayed on the world as it is.
        let back = await Self.runtime(tutor)
        _ = await tutor.run("next")
        #expect(await Self.runtime(tutor) === back)
        #expect(await tutor.stateSummary().sessions.count == 1)
    }
}
