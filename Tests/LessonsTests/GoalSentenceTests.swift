import Testing
@testable import Lessons

@Suite struct GoalSentenceTests {
    /// A goal's sentence may run over several comment lines; they join with single spaces.
    @Test func aSentenceOverTwoCommentLines() throws {
        let lesson = try LessonParser.parse("""
            # T

            ## Step

            ```expect
            // The server answered
            // with hi
            expect(last.body).toBe("hi");
            ```
            """, file: "t.md")
        #expect(lesson.steps[0].goals.map(\.text) == ["The server answered with hi"])
        #expect(lesson.steps[0].goals.map(\.line) == [6])
    }
}
