import NIOCore

/// Carries answers from the app's loop back to the connections' loops in batches. Handing a task
/// to another loop wakes it when it sleeps (a system call and a switch of threads, about as much
/// as a small request's JavaScript); the answers that one turn of the app's loop produces go to
/// each connection loop as one task instead, after the requests already waiting have begun.
final class Outbox: @unchecked Sendable {
    // Touched only on `runtimeLoop`.
    private var waiting: [(loop: any EventLoop, tasks: [@Sendable () -> Void])] = []
    private var flushQueued = false
    private let runtimeLoop: any EventLoop

    init(runtimeLoop: any EventLoop) {
        self.runtimeLoop = runtimeLoop
    }

    /// Queues `task` for `loop`; on the app's loop.
    func post(to loop: any EventLoop, _ task: @escaping @Sendable () -> Void) {
        runtimeLoop.preconditionInEventLoop()
        if let i = waiting.firstIndex(where: { $0.loop === loop }) {
            waiting[i].tasks.append(task)
        } else {
            waiting.append((loop, [task]))
        }
        guard !flushQueued else { return }
        flushQueued = true
        // Behind the tasks already queued on the app's loop (the requests waiting to begin).
        runtimeLoop.execute { [self] in flush() }
    }

    /// Hands what is queued to the connections' loops now, and returns once they have run it.
    func drain() async {
        let batches = try? await runtimeLoop.submit { [self] in takeWaiting() }.get()
        for (loop, tasks) in batches ?? [] {
            try? await loop.submit { for task in tasks { task() } }.get()
        }
    }

    private func flush() {
        flushQueued = false
        for (loop, tasks) in takeWaiting() {
            loop.execute { for task in tasks { task() } }
        }
    }

    /// What is queued, taken off the queue; on the app's loop.
    private func takeWaiting() -> [(loop: any EventLoop, tasks: [@Sendable () -> Void])] {
        defer { waiting.removeAll(keepingCapacity: true) }
        return waiting
    }
}
