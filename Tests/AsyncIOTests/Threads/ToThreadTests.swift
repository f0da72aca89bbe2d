import Synchronization
import Testing
@testable import AsyncIO
#if canImport(Glibc)
import Glibc
#endif

/// A counter shared with pool threads.
final class Counter: Sendable {
    let value = Atomic<Int>(0)
}

/// Blocks the calling thread (what the work items stand for).
func blockingSleep(_ seconds: Double) {
    var ts = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
    nanosleep(&ts, nil)
}

@Suite("toThread, runInExecutor, ThreadPool, submit", .serialized)
struct ToThreadTests {
    @Test func resultComesBackWhileTheLoopKeepsServing() async throws {
        let (value, ticks) = try await AsyncIO.runOnNewThread {
            let ticks = Log()
            let ticker = AsyncIO.createTask {
                while true {
                    ticks.add("tick")
                    try await AsyncIO.sleep(0.01)
                }
            }
            let v = try await AsyncIO.toThread { () -> Int in
                blockingSleep(0.1)
                return 7
            }
            ticker.cancel()
            return (v, ticks.items.count)
        }
        #expect(value == 7)
        #expect(ticks >= 3)  // the loop ticked while the thread blocked
    }

    @Test func errorsComeBack() async throws {
        await #expect(throws: Boom("thread")) {
            try await AsyncIO.runOnNewThread {
                try await AsyncIO.toThread { () throws -> Int in throw Boom("thread") }
            }
        }
    }

    @Test func cancellingTheWaiterDoesNotWaitForTheCall() async throws {
        let finished = Counter()
        let (cancelledAfter, gotCancellation) = try await AsyncIO.runOnNewThread {
            let start = now()
            let t = AsyncIO.createTask {
                try await AsyncIO.toThread {
                    blockingSleep(0.2)
                    finished.value.store(1, ordering: .releasing)
                }
            }
            try await AsyncIO.sleep(0.02)
            t.cancel()
            var cancelled = false
            do { try await t.value } catch is CancellationError { cancelled = true }
            return (now() - start, cancelled)
        }
        #expect(gotCancellation)
        #expect(cancelledAfter < 0.2)
        // AsyncIO.run waited for the running call when it shut the pool down.
        let didFinish = finished.value.load(ordering: .acquiring)
        #expect(didFinish == 1)
    }

    @Test func cancellingWhileAThreadPicksTheItemUpRunsItAtMostOnce() async throws {
        // The loop cancels work items that pool threads then reach: the item's state
        // crosses threads (CI runs this suite under ThreadSanitizer too).
        let pool = ThreadPool(maxWorkers: 2)
        let ran = Counter()
        let cancelled = try await AsyncIO.runOnNewThread { () -> Int in
            let loop = try AsyncIO.runningLoop()
            // Both threads busy for a moment: most items are cancelled while queued, and
            // the threads read what the cancel wrote when they reach them.
            let busy = (0..<2).map { _ in
                AsyncIO.createTask { try await loop.runInExecutor(pool) { blockingSleep(0.02) } }
            }
            var tasks: [LoopTask<Void>] = []
            for _ in 0..<200 {
                let t = AsyncIO.createTask { () async throws -> Void in
                    try await loop.runInExecutor(pool) { _ = ran.value.add(1, ordering: .relaxed) }
                }
                tasks.append(t)
            }
            try await AsyncIO.sleep(0)
            for t in tasks { t.cancel() }
            var cancelled = 0
            for t in tasks {
                do { try await t.value } catch is CancellationError { cancelled += 1 }
            }
            for t in busy { try await t.value }
            return cancelled
        }
        pool.shutdown(wait: true)
        // Every item either ran or was cancelled before it could; none ran twice.
        #expect(ran.value.load(ordering: .relaxed) <= 200)
        #expect(ran.value.load(ordering: .relaxed) + cancelled >= 200)
    }

    @Test func aCallCancelledBeforeAThreadTookItIsNoLongerInFlight() async throws {
        // The count of cross-thread work in flight keeps a virtual clock from jumping: a
        // call cancelled while queued never delivers, so the cancel must uncount it (else
        // every later virtual sleep waits forever).
        let pool = ThreadPool(maxWorkers: 1)
        let inFlight = try await AsyncIO.runOnNewThread { () -> Int in
            let loop = try AsyncIO.runningLoop()
            let busy = AsyncIO.createTask { try await loop.runInExecutor(pool) { blockingSleep(0.05) } }
            let queued = AsyncIO.createTask { try await loop.runInExecutor(pool) {} }
            try await AsyncIO.sleep(0)  // both submitted; the one thread runs the first
            queued.cancel()
            _ = try? await queued.value
            try await busy.value
            try await AsyncIO.sleep(0.01)  // the pool thread skips the cancelled item
            return loop.foreignWorkInFlight.load(ordering: .relaxed)
        }
        pool.shutdown(wait: true)
        #expect(inFlight == 0)
    }

    @Test func userPoolIsBoundedAndItemsRunOnce() async throws {
        let pool = ThreadPool(maxWorkers: 2)
        let counterBox = Counter(), peakBox = Counter(), runningBox = Counter()
        let results = try await AsyncIO.runOnNewThread {
            let loop = try AsyncIO.runningLoop()
            return try await AsyncIO.gather((0..<6).map { i in
                { @Sendable in
                    try await loop.runInExecutor(pool) { () -> Int in
                        let now = runningBox.value.add(1, ordering: .relaxed).newValue
                        var p = peakBox.value.load(ordering: .relaxed)
                        while now > p,
                            !peakBox.value.compareExchange(expected: p, desired: now, ordering: .relaxed).exchanged
                        {
                            p = peakBox.value.load(ordering: .relaxed)
                        }
                        blockingSleep(0.02)
                        runningBox.value.subtract(1, ordering: .relaxed)
                        counterBox.value.add(1, ordering: .relaxed)
                        return i * 10
                    }
                }
            })
        }
        #expect(results == [0, 10, 20, 30, 40, 50])
        let calls = counterBox.value.load(ordering: .relaxed)
        let most = peakBox.value.load(ordering: .relaxed)
        #expect(calls == 6)
        #expect(most <= 2)
        #expect(pool.threadCount <= 2)
        pool.shutdown(wait: true)
        #expect(pool.threadCount == 0)
    }

    @Test func submittingToAShutDownPoolFails() async throws {
        let pool = ThreadPool(maxWorkers: 1)
        pool.shutdown()
        await #expect(throws: LoopStateError.self) {
            try await AsyncIO.runOnNewThread {
                try await AsyncIO.runningLoop().runInExecutor(pool) { 1 }
            }
        }
    }

    @Test func idleThreadsRetire() async throws {
        let pool = ThreadPool(maxWorkers: 3, idleTimeout: 0.02)
        _ = try await AsyncIO.runOnNewThread {
            let loop = try AsyncIO.runningLoop()
            return try await loop.runInExecutor(pool) { 1 }
        }
        for _ in 0..<100 where pool.threadCount > 0 { blockingSleep(0.01) }
        #expect(pool.threadCount == 0)
        pool.shutdown()
    }

    @Test func submitFromAnotherThreadReturnsAThreadSafeFuture() async throws {
        let box = Mutex<ThreadSafeFuture<String>?>(nil)
        let waited = try await AsyncIO.runOnNewThread {
            let loop = try AsyncIO.runningLoop()
            // A plain thread asks the loop to run async work and blocks for the answer.
            return try await AsyncIO.toThread { () throws -> String in
                let fut = loop.submit { () async throws -> String in
                    try await AsyncIO.sleep(0.01)
                    return "from the loop"
                }
                box.withLock { $0 = fut }
                return try fut.wait(timeout: 5)
            }
        }
        #expect(waited == "from the loop")
        #expect(box.withLock { $0?.isDone } == true)
    }

    @Test func threadSafeFutureWaitTimesOut() async throws {
        let outcome = try await AsyncIO.runOnNewThread {
            let loop = try AsyncIO.runningLoop()
            return try await AsyncIO.toThread { () -> String in
                let fut = loop.submit { () async throws -> Int in
                    try await AsyncIO.sleep(10)
                    return 1
                }
                do {
                    _ = try fut.wait(timeout: 0.05)
                    return "no timeout"
                } catch is TimeoutError {
                    fut.cancel()
                    do { _ = try fut.wait(timeout: 5); return "not cancelled" } catch is CancellationError { return "timeout, then cancelled" } catch { return "\(error)" }
                } catch {
                    return "\(error)"
                }
            }
        }
        #expect(outcome == "timeout, then cancelled")
    }

    @Test func virtualClockWaitsForThreadWorkBeforeJumping() async throws {
        let t = try await AsyncIO.runInVirtualTime {
            let sleeper = AsyncIO.createTask { try await AsyncIO.sleep(100); return now() }
            let v = try await AsyncIO.toThread { () -> Double in
                blockingSleep(0.05)
                return 1
            }
            // The thread's result arrived before virtual time jumped to the sleeper's timer.
            #expect(now() == 0)
            let woke = try await sleeper.value
            return v + woke
        }
        #expect(t == 101)
    }

    @Test func defaultPoolSizeIsPythons() {
        let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #expect(ThreadPool.defaultMaxWorkers == min(32, cores + 4))
    }
}
