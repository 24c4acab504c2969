import Foundation
import NIOCore
import NIOPosix
import Testing
@testable import Express

/// The threads of ended apps wait for the next app, as many as the pool keeps.
@Suite struct AppLoopsTests {
    @Test func aLoopGivenBackIsTheNextOneTaken() async throws {
        let loops = AppLoops(capacity: 1)
        let first = loops.take()
        let thread = try await first.next().submit { ThreadIdentity.current }.get()
        loops.give(first)
        #expect(loops.count == 1)
        let again = loops.take()
        #expect(again === first)
        #expect(loops.count == 0)
        // The same thread runs what is submitted to it.
        #expect(try await again.next().submit { ThreadIdentity.current }.get() == thread)
        try await again.shutdownGracefully()
    }

    @Test func beyondItsCapacityALoopIsNotKept() async throws {
        let loops = AppLoops(capacity: 1)
        let kept = loops.take(), extra = loops.take()
        #expect(kept !== extra)
        loops.give(kept)
        loops.give(extra)
        #expect(loops.count == 1)
        #expect(loops.take() === kept)
        try await kept.shutdownGracefully()
    }
}

/// The running thread, comparable.
enum ThreadIdentity {
    static var current: pthread_t { pthread_self() }
}
