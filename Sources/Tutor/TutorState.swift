import Browser
import Express

extension Tutor {
    /// Where the learner is: the lesson and step, and what the step has seen so far.
    struct LessonCursor {
        var lessonIndex: Int?
        var stepIndex = 0
        /// The step's goals were all met and the learner was told.
        var goalsAnnounced = false
        /// The earlier steps' commands are being replayed to build a step's starting state.
        var replaying = false
        /// The requests of the current step with what came of them: what goals look at.
        var stepExchanges: [(request: BrowserRequest, exchange: Exchange)] = []
        /// Where the step's console output starts in the server's event log.
        var stepLogMark = 0
        /// The last request and what surrounded it, for `why` and `raw`.
        var last: LastExchange?
        /// Where the world stands on the lesson's own path, while it is exactly there
        /// (`Tutor+StepState.swift`).
        var onPath: PathPosition?
        /// Whether the apps the lesson's path ran since its start kept nothing outside
        /// themselves (a SQLite file, a database), so that where the path starts an app afresh,
        /// the browser is all that carries over (`RestartPoint`).
        var nothingOutside = false
        /// The step the last start of a step replayed from (its lesson's start, a step marked
        /// fresh, or a restart point); nil when it moved on along the path.
        var rebuiltFrom: Int?
    }

    /// A world exactly as the lesson's path leaves it: the start of `step`, as a step's start
    /// builds it, then the first `typed` of the step's Try commands that change the world,
    /// typed as written. Moving on from there needs only the rest of the path replayed.
    struct PathPosition: Equatable {
        var lesson: Int
        var step: Int
        var typed = 0
    }

    /// The app the tutor runs, and what belongs to it.
    struct ServerSlot {
        var app: RunningApp?
        /// Why the step's server did not start, when its code failed.
        var problem: String?
        /// The exercise the current step runs, if it is one.
        var exercise: ExerciseSlot?
        /// The exercise reload in progress, if any: reloads run one after another.
        var reloading: Task<[String], Never>?
        /// The running server's requests and the browser commands between them, for `export`.
        var log = BrowserLog()
        /// How many instances of the app run behind the port, and how they are balanced (`scale`).
        var scale = Scale()
    }

    /// `scale N [--sticky]`: the app as N instances behind one port.
    struct Scale: Equatable {
        var instances = 1
        var sticky = false
    }

    /// What the front end is in the middle of.
    struct ReplState {
        /// JavaScript typed over several lines, not yet complete.
        var pendingJS = JavaScriptEntry()
        /// Lines to show with the next command's output (an exercise reloaded meanwhile).
        var notices: [String] = []
        /// Where lines go that happen between commands (set by the REPL); nil: with the next output.
        var notify: (@Sendable ([String]) -> Void)?
        /// The request the browser is waiting for, which Ctrl-C cancels.
        var currentRequest: Task<Exchange, any Error>?
    }
}
