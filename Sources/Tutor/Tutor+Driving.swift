import Lessons

/// What a program that drives the tutor — `crumbs lint` — may do beside typing commands: give
/// it lessons, ask whether its server runs, and check the current step's goals.
extension Tutor {
    /// Uses these lessons instead of the ones from the lessons folder.
    func use(_ lessons: [Lesson]) {
        self.lessons = lessons
    }

    /// Whether the current step's server is running.
    var isServerRunning: Bool { appSlot.app != nil }

    /// The current step's goals, checked against the world now (none without a lesson open).
    func goalResults() async -> [GoalResult] {
        guard let lesson = currentLesson else { return [] }
        return GoalChecker.check(lesson.steps[cursor.stepIndex].goals, in: await world(), file: lesson.file)
    }
}
