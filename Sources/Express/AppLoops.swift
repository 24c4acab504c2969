import Foundation
import NIOPosix
import Synchronization

/// The threads apps run their JavaScript on (an event loop each), kept for the next app once
/// theirs ended. Starting a thread and ending it is a system call each way, a stack mapped and
/// unmapped (unmapping interrupts every core), and thread-local caches of the allocator and of
/// JavaScriptCore made and flushed; the tutor and lint start an app for every step.
///
/// A loop goes back only from its app's last job (`ExpressRuntime`'s isolated deinit): a thread
/// stuck in an app's JavaScript never gets there, so it is never handed to another app.
final class AppLoops: Sendable {
    private let idle = Mutex<[MultiThreadedEventLoopGroup]>([])
    /// How many loops wait at most (lint walks four paths at once, an app each, the next one
    /// starting as the last ends; the tutor needs one).
    let capacity: Int

    init(capacity: Int) { self.capacity = capacity }

    static let shared = AppLoops(capacity: 8)

    /// How many loops wait.
    var count: Int { idle.withLock { $0.count } }

    /// A loop no app uses: a kept one, or a new one.
    func take() -> MultiThreadedEventLoopGroup {
        idle.withLock { $0.popLast() } ?? MultiThreadedEventLoopGroup(numberOfThreads: 1)
    }

    /// Keeps a loop whose app ended, or shuts it down when enough wait. Called on the loop
    /// itself, which must not wait for its own end: the shutdown goes elsewhere.
    func give(_ group: MultiThreadedEventLoopGroup) {
        let kept = idle.withLock { idle -> Bool in
            guard idle.count < capacity else { return false }
            idle.append(group)
            return true
        }
        if !kept { DispatchQueue.global().async { group.shutdownGracefully { _ in } } }
    }
}
