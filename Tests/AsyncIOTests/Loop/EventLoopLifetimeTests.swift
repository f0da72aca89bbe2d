import Foundation
import Testing
@testable import AsyncIO

/// A weak reference to a loop, to see whether it was freed.
final class WeakLoop: @unchecked Sendable {
    // @unchecked Sendable: read only after the thread that used the loop is done with it.
    weak var loop: EventLoop?
    init(_ loop: EventLoop?) { self.loop = loop }
}

@Suite("EventLoop lifetime")
struct EventLoopLifetimeTests {
    @Test func aClosedLoopIsFreed() async throws {
        let ref = try await onNewThread { () -> WeakLoop in
            let runner = try Runner()
            let sum = try runner.run { () -> Int in
                // Tasks, timers, a thread call and an actor hop: all done before close.
                let tasks = (0..<10).map { i in AsyncIO.createTask { try await AsyncIO.sleep(0.001); return i } }
                var sum = try await AsyncIO.toThread { 0 }
                for t in tasks { sum += try await t.value }
                return sum
            }
            #expect(sum == 45)
            let ref = WeakLoop(runner.loop)
            try runner.close()
            return ref
        }
        #expect(ref.loop == nil)
    }

    @Test func aLoopDroppedWithoutCloseIsFreed() async throws {
        let ref = try await onNewThread { () -> WeakLoop in
            let loop = try EventLoop()
            try loop.callSoon { loop.stop() }
            try loop.runForever()
            return WeakLoop(loop)
        }
        #expect(ref.loop == nil)
    }

    @Test func theLoopOfRunOnNewThreadIsFreed() async throws {
        let ref = try await AsyncIO.runInVirtualTime { () -> WeakLoop in
            let t = AsyncIO.createTask { try await AsyncIO.sleep(5) }
            try await t.value
            return WeakLoop(try AsyncIO.runningLoop())
        }
        #expect(ref.loop == nil)
    }

    @Test func closingWithPendingTasksReportsEachAsDestroyed() async throws {
        let reports = try await onNewThread { () -> [String] in
            let loop = try EventLoop()
            let log = Log()
            loop.setExceptionHandler { _, ctx in log.add("\(ctx.message) \(ctx.taskName ?? "-")") }
            let t = loop.createTask(name: "sleeper") { try await AsyncIO.sleep(100) }
            try loop.callLater(0.01) { loop.stop() }
            try loop.runForever()
            #expect(!t.isDone)
            try loop.close()
            return log.items
        }
        // asyncio: Task.__del__ calls the exception handler, debug mode or not.
        #expect(reports == ["Task was destroyed but it is pending! sleeper"])
    }

    @Test func loopsGiveTheirDescriptorsBackWhenDroppedOrClosed() async throws {
        // In a child process: counting /proc/self/fd here would see the other tests' sockets.
        let run = try await runHelper(["loop-descriptors"], environment: ["ASYNCIO_WHOLE_PROGRAM": "0"])
        #expect(run.lines == ["dropped=0 closed=0"])
    }
}
