import Foundation
import Synchronization

/// Lines for a terminal or pipe that may stop reading (Ctrl-S, a pipe nobody reads): `enqueue`
/// never blocks. A thread of its own writes the lines in order; when `capacity` lines wait,
/// further ones are dropped and counted, and once the reader catches up a line says how many.
///
/// The writer takes lines in bursts: woken by the first line after a pause, it lets `gathering`
/// pass before it takes what is waiting and writes it at once. A busy server's lines then cost
/// a wake-up and a write every few milliseconds, not one per line (each a switch of threads).
public final class OutputQueue: Sendable {
    private enum Entry {
        case line(String)
        /// Lines dropped at this point of the output, because the queue was full.
        case dropped(Int)
    }

    private struct State {
        var entries: [Entry] = []
        var lineCount = 0
        /// An entry is being written (the writer took it off the queue).
        var writing = false
        var finished = false
        /// The writer sleeps on `available`: only then does a new line wake it (one wake-up per
        /// burst of lines, not one per line).
        var sleeping = false
    }

    public let capacity: Int
    private let state = Mutex(State())
    /// Counts the lines (and the dropped note) waiting, so the writer sleeps while there are none.
    private let available = DispatchSemaphore(value: 0)
    /// Signalled each time the queue becomes empty and nothing is being written.
    private let drained = DispatchSemaphore(value: 0)
    private let write: @Sendable (String) -> Void

    public let gathering: Duration

    /// `write` gets whole lines, each ending in a newline, several at a time, on the queue's own
    /// thread, and may block there.
    public init(capacity: Int = 1000, gathering: Duration = .milliseconds(2),
                write: @escaping @Sendable (String) -> Void = OutputQueue.standardOutput) {
        self.capacity = max(1, capacity)
        self.gathering = gathering
        self.write = write
        let thread = Thread { [self] in run() }
        thread.name = "crumbs output"
        thread.start()
    }

    /// Writes text to descriptor 1, whole (write(2) may take part of it).
    public static let standardOutput: @Sendable (String) -> Void = { text in
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(1, bytes.baseAddress! + offset, bytes.count - offset)
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
            }
        }
    }

    /// Queues a line; returns at once. When the queue is full the line is dropped, and counted
    /// where it would have been.
    public func enqueue(_ line: String) {
        let signal = state.withLock { s -> Bool in
            guard !s.finished else { return false }
            if s.lineCount < capacity {
                s.entries.append(.line(line))
                s.lineCount += 1
            } else if case .dropped(let n) = s.entries.last {
                s.entries[s.entries.count - 1] = .dropped(n + 1)
            } else {
                s.entries.append(.dropped(1))
            }
            guard s.sleeping else { return false }
            s.sleeping = false
            return true
        }
        if signal { available.signal() }
    }

    /// How many lines were dropped and not yet reported.
    public var droppedCount: Int {
        state.withLock { s in s.entries.reduce(0) { if case .dropped(let n) = $1 { $0 + n } else { $0 } } }
    }

    /// Waits until everything queued was written, or `timeout` passes (a reader that never reads
    /// must not hold the process up). Returns whether everything was written.
    @discardableResult
    public func flush(timeout: Duration = .seconds(2)) -> Bool {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        let deadline = DispatchTime.now() + seconds
        while true {
            if state.withLock({ $0.entries.isEmpty && !$0.writing }) { return true }
            if drained.wait(timeout: deadline) == .timedOut { return false }
        }
    }

    /// Stops the writer thread once the queued lines are written; later lines are ignored.
    public func finish() {
        let signal = state.withLock { s -> Bool in
            s.finished = true
            defer { s.sleeping = false }
            return s.sleeping
        }
        if signal { available.signal() }
    }

    private func run() {
        while true {
            // Everything waiting, taken at once.
            let batch = state.withLock { s -> [Entry]? in
                guard !s.entries.isEmpty else {
                    if s.finished { return [] }
                    s.sleeping = true
                    return nil
                }
                s.writing = true
                s.lineCount = 0
                defer { s.entries.removeAll(keepingCapacity: true) }
                return s.entries
            }
            guard let batch else {
                available.wait()
                Thread.sleep(forTimeInterval: Double(gathering.components.attoseconds) / 1e18 + Double(gathering.components.seconds))
                continue
            }
            if batch.isEmpty { return }
            let lines = batch.map { entry in
                switch entry {
                case .line(let line): line
                case .dropped(let n): "crumbs: \(n) line\(n == 1 ? "" : "s") of output dropped: the terminal was not reading"
                }
            }
            var text = ""
            text.reserveCapacity(lines.reduce(0) { $0 + $1.utf8.count + 1 })
            for line in lines {
                text += line
                text += "\n"
            }
            write(text)
            let idle = state.withLock { s -> Bool in
                s.writing = false
                return s.entries.isEmpty
            }
            if idle { drained.signal() }
        }
    }
}
