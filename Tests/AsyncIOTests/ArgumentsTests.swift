// Hostile arguments at every public door: NaN and infinite times, out-of-range ports,
// limits and backlogs, NUL bytes, a closed loop, a task of another loop. Each gets
// asyncio's behaviour or a clear Swift error (asyncio's message) — never a trap, a hang, a
// truncation or a silently dropped call.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import AsyncIO

/// The message of a `ValueError` thrown by `body`, or what happened instead.
private func valueError(_ body: () async throws -> Void) async -> String {
    do {
        try await body()
        return "no error"
    } catch let e as ValueError {
        return e.message
    } catch {
        return "other error: \(error)"
    }
}

@Suite("Arguments: hostile values")
struct ArgumentsTests {
    // MARK: times

    @Test func sleepingForeverSleepsUntilCancelled() async throws {
        // asyncio: sleep(inf) sleeps. On the real clock the idle loop then blocks with no
        // limit (the conversion to a poll timeout trapped before).
        let outcome = try await AsyncIO.runOnNewThread { () -> String in
            let sleeper = AsyncIO.createTask { try await AsyncIO.sleep(.infinity) }
            try await AsyncIO.sleep(0.05)
            sleeper.cancel()
            do { try await sleeper.value } catch is CancellationError { return "cancelled" }
            return "returned"
        }
        #expect(outcome == "cancelled")
    }

    @Test func timersAtInfinityNeverFireAndHugeDelaysDoNotTrap() async throws {
        let fired = try await AsyncIO.runOnNewThread { () -> [String] in
            let loop = try AsyncIO.runningLoop()
            let log = Log()
            try loop.callLater(.infinity) { log.add("infinity") }
            try loop.callLater(1e300) { log.add("1e300") }
            try loop.callAt(loop.time() + 1e12) { log.add("31,000 years") }
            try loop.callLater(0.02) { log.add("soon") }
            try await AsyncIO.sleep(0.05)  // the loop idles with those timers pending
            return log.items
        }
        #expect(fired == ["soon"])
    }

    @Test func aNaNDeadlineIsDueAtOnce() async throws {
        // asyncio: a NaN deadline fires at once; the other timers keep their order.
        let (log, elapsed) = try await AsyncIO.runInVirtualTime { () -> ([String], Double) in
            let loop = try AsyncIO.runningLoop()
            let log = Log()
            try loop.callLater(0.5) { log.add("later") }
            try loop.callAt(.nan) { log.add("callAt nan") }
            try loop.callLater(.nan) { log.add("callLater nan") }
            try loop.callLater(0.1) { log.add("sooner") }
            do {
                try await AsyncIO.timeout(.nan) { _ in try await AsyncIO.sleep(10) }
            } catch is TimeoutError {
                log.add("timeout(nan): TimeoutError at \(loop.time())")
            }
            try await AsyncIO.sleep(1)
            return (log.items, loop.time())
        }
        #expect(log == ["callAt nan", "callLater nan", "timeout(nan): TimeoutError at 0.0", "sooner", "later"])
        #expect(elapsed == 1)
    }

    @Test func waitForWithoutLimit() async throws {
        let v = try await AsyncIO.runInVirtualTime {
            try await AsyncIO.waitFor(timeout: .infinity) {
                try await AsyncIO.sleep(3600)
                return 7
            }
        }
        #expect(v == 7)
    }

    @Test func sleepingForeverOnAVirtualClockIsADeadlockNotAJump() async throws {
        // Time never jumps to infinity: nothing else can run, so the run says so.
        await #expect(throws: DeadlockError.self) {
            try await AsyncIO.runInVirtualTime { try await AsyncIO.sleep(.infinity) }
        }
    }

    @Test func threadSafeFutureWaitsWithoutLimitOrNotAtAll() async throws {
        let results = try await AsyncIO.runOnNewThread { () -> [String] in
            let loop = try AsyncIO.runningLoop()
            let slow = loop.submit { () -> Int in
                try await AsyncIO.sleep(0.05)
                return 1
            }
            let never = loop.submit { () -> Int in
                try await AsyncIO.sleep(3600)
                return 2
            }
            return try await AsyncIO.toThread {
                var out: [String] = []
                out.append("infinity: \((try? slow.wait(timeout: .infinity)) ?? -1)")
                // NaN is a deadline that has passed: TimeoutError at once, no busy spin.
                do { _ = try never.wait(timeout: .nan) } catch is TimeoutError { out.append("nan: TimeoutError") }
                do { _ = try never.wait(timeout: -1) } catch is TimeoutError { out.append("-1: TimeoutError") }
                never.cancel()
                return out
            }
        }
        #expect(results == ["infinity: 1", "nan: TimeoutError", "-1: TimeoutError"])
    }

    @Test func aPoolWhoseThreadsNeverRetire() async throws {
        // The idle wait of a pool thread with an infinite idle timeout trapped before.
        let pool = ThreadPool(maxWorkers: 1, idleTimeout: .infinity)
        let v = try await AsyncIO.runOnNewThread {
            let loop = try AsyncIO.runningLoop()
            let a = try await loop.runInExecutor(pool) { 1 }
            try await AsyncIO.sleep(0.02)  // the thread goes idle
            let b = try await loop.runInExecutor(pool) { 2 }
            return a + b
        }
        pool.shutdown(wait: true)
        #expect(v == 3)
    }

    @Test func aVirtualClockIgnoresNonFiniteSteps() async throws {
        let clock = VirtualClock(autojump: false)
        clock.advance(by: .infinity)
        clock.advance(by: .nan)
        clock.advance(by: -5)
        clock.advance(by: 2)
        #expect(clock.now == 2)
    }

    // MARK: counts

    @Test func aSemaphoreAtIntMaxSaturates() async throws {
        let sem = try Semaphore(value: Int.max)
        sem.release()  // trapped on overflow before
        #expect(sem.description == "<Semaphore [unlocked, value:\(Int.max)]>")
    }

    // MARK: stream limits

    @Test func streamLimitsMustBePositive() async throws {
        for limit in [0, -1, Int.min] {
            #expect(await valueError { _ = try StreamReader(limit: limit) } == "Limit cannot be <= 0")
        }
        let msg = try await AsyncIO.runOnNewThread {
            await valueError { _ = try await AsyncIO.openConnection(host: "127.0.0.1", port: 1, limit: 0) }
        }
        #expect(msg == "Limit cannot be <= 0")
    }

    @Test func aHugeLimitWorks() async throws {
        let line = try await AsyncIO.runOnNewThread { () -> [UInt8] in
            let reader = try StreamReader(limit: Int.max)
            reader.feedData(Array("hello\nworld".utf8))
            return try await reader.readline()
        }
        #expect(line == Array("hello\n".utf8))
    }

    @Test func readerArgumentsAsAsyncio() async throws {
        let messages = try await AsyncIO.runOnNewThread { () -> [String] in
            let reader = try StreamReader()
            reader.feedData(Array("abc".utf8))
            return [
                await valueError { _ = try await reader.readexactly(-1) },
                await valueError { _ = try await reader.readuntil([]) },
                await valueError { _ = try await reader.readuntil(anyOf: []) },
            ]
        }
        #expect(messages == [
            "readexactly size can not be less than zero",
            "Separator should be at least one-byte string",
            "Separator should be at least one-byte string",
        ])
    }

    @Test func writeBufferLimitsAsAsyncio() async throws {
        let messages = try await AsyncIO.runOnNewThread { () -> [String] in
            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { _, _ in }
            let (_, w) = try await AsyncIO.openConnection(host: "127.0.0.1", port: server.addresses[0].port ?? 0)
            let t = w.transport
            let out = [
                await valueError { try t.setWriteBufferLimits(high: -1) },
                await valueError { try t.setWriteBufferLimits(high: 10, low: 20) },
                await valueError { try t.setWriteBufferLimits(low: Int.max) },  // 4 × low saturates
                await valueError { try t.setWriteBufferLimits(high: 100, low: 0) },
            ]
            w.close()
            server.close()
            return out
        }
        #expect(messages == [
            "high (-1) must be >= low (0) must be >= 0",
            "high (10) must be >= low (20) must be >= 0",
            "no error",
            "no error",
        ])
    }

    // MARK: ports, backlogs, host names

    @Test func portsOutsideSixteenBitsAreRefused() async throws {
        let messages = try await AsyncIO.runOnNewThread { () -> [String] in
            var out: [String] = []
            for port in [65536, 70000, -1, Int.max, Int.min] {
                out.append(await valueError { _ = try await AsyncIO.openConnection(host: "127.0.0.1", port: port) })
                out.append(await valueError {
                    let s = try await AsyncIO.startServer(host: "127.0.0.1", port: port) { _, _ in }
                    s.close()
                })
            }
            return out
        }
        #expect(messages == Array(repeating: ["connect(): port must be 0-65535.", "bind(): port must be 0-65535."], count: 5).flatMap { $0 })
        #expect(SocketAddress(ip: "127.0.0.1", port: 65536) == nil)
        #expect(SocketAddress(ip: "127.0.0.1", port: -1) == nil)
        #expect(SocketAddress(ip: "127.0.0.1", port: 65535)?.port == 65535)
    }

    @Test func backlogs() async throws {
        let (tooBig, negativeServes) = try await AsyncIO.runOnNewThread { () -> (String, Bool) in
            let tooBig = await valueError {
                let s = try await AsyncIO.startServer(host: "127.0.0.1", port: 0, backlog: Int(Int32.max) + 1) { _, _ in }
                s.close()
            }
            // A negative backlog is listen(2)'s 0: the server still accepts.
            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0, backlog: -5) { _, w in
                w.write(Array("hi\n".utf8))
                try await w.drain()
                w.close()
            }
            let (r, w) = try await AsyncIO.openConnection(host: "127.0.0.1", port: server.addresses[0].port ?? 0)
            let line = try await r.readline()
            w.close()
            server.close()
            try await server.waitClosed()
            return (tooBig, line == Array("hi\n".utf8))
        }
        #expect(tooBig == "backlog is greater than the maximum 2147483647")
        #expect(negativeServes)
    }

    @Test func aNULInAHostOrPathIsRefused() async throws {
        let messages = try await AsyncIO.runOnNewThread { () -> [String] in
            [
                await valueError { _ = try await AsyncIO.openConnection(host: "127.0.0.1\0evil", port: 80) },
                await valueError { _ = try await AsyncIO.openConnection(host: "localhost\0", port: 80) },
                await valueError { _ = try await AsyncIO.openUnixConnection(path: "/tmp/x\0y") },
                await valueError { _ = try await AsyncIO.startUnixServer(path: "/tmp/x\0y") { _, _ in } },
            ]
        }
        #expect(messages == Array(repeating: "embedded null character", count: 4))
        #expect(SocketAddress(ip: "127.0.0.1\0", port: 80) == nil)
        #expect(SocketAddress(unixPath: "/tmp/a\0b") == nil)
    }

    // MARK: a closed loop

    @Test func callsOnAClosedLoopThrowAtTheCall() async throws {
        let loop = try EventLoop()
        try loop.close()
        func closedMessage(_ body: () throws -> Void) -> String {
            do {
                try body()
                return "no error"
            } catch let e as LoopStateError {
                return e.message
            } catch {
                return "other error: \(error)"
            }
        }
        #expect(closedMessage { try loop.callSoon {} } == "Event loop is closed")
        #expect(closedMessage { try loop.callLater(1) {} } == "Event loop is closed")
        #expect(closedMessage { try loop.callAt(1) {} } == "Event loop is closed")
        #expect(closedMessage { try loop.callSoonThreadsafe {} } == "Event loop is closed")
        // A task or a submitted call cannot be refused at the call: each is born done
        // with the same error, instead of never completing.
        let task = loop.createTask { 1 }
        #expect(task.isDone)
        #expect(closedMessage { _ = try task.result() } == "Event loop is closed")
        let future = loop.submit { 1 }
        #expect(closedMessage { _ = try future.wait(timeout: 1) } == "Event loop is closed")
    }

    // MARK: cancelling a submitted call

    @Test func aSubmittedCallCancelledBeforePickupNeverRuns() async throws {
        // asyncio: the concurrent future is cancelled at once, result() raises at once,
        // and the coroutine never starts. The loop is busy (blocked in a job) while the
        // other thread submits and cancels, so the cancel comes before the pickup.
        let (ran, threw, immediate) = try await AsyncIO.runOnNewThread { () -> (Bool, Bool, Bool) in
            let loop = try AsyncIO.runningLoop()
            let ran = Locked(false)
            let outcome = Locked<(Bool, Bool)>((false, false))
            try startThread {
                let future = loop.submit { () -> Int in
                    ran.withLock { $0 = true }
                    return 1
                }
                #expect(future.cancel())
                #expect(!future.cancel(), "a second cancel finds it done")
                let start = Posix.monotonicSeconds()
                var threw = false
                do { _ = try future.wait(timeout: 5) } catch is CancellationError { threw = true } catch {}
                outcome.withLock { $0 = (threw, Posix.monotonicSeconds() - start < 1) }
            }
            usleep(100_000)  // hold the loop: the submission waits in the inbox meanwhile
            try await AsyncIO.sleep(0.1)
            let (threw, immediate) = outcome.withLock { $0 }
            return (ran.withLock { $0 }, threw, immediate)
        }
        #expect(!ran, "the body never runs")
        #expect(threw)
        #expect(immediate, "wait() does not wait for the loop")
    }

    // MARK: a task of another loop

    @Test func awaitingATaskOfAnotherLoopIsRefused() async throws {
        // Two loops on two threads; loop B's task awaits a task and a future of loop A.
        let started = ThreadSafeFuture<UncheckedSendableTask>()
        let done = ThreadSafeFuture<Int>()
        async let a: Int = AsyncIO.runOnNewThread {
            let loop = try AsyncIO.runningLoop()
            let task = AsyncIO.createTask { () -> Int in
                try await AsyncIO.sleep(0.2)
                return 1
            }
            let future: Future<Int> = loop.createFuture()
            started.complete(.success(UncheckedSendableTask(task: task, future: future)))
            _ = try await AsyncIO.toThread { try done.wait(timeout: 5) }
            try future.setResult(2)
            return try await task.value
        }
        let messages = try await AsyncIO.runOnNewThread { () -> [String] in
            let other = try await AsyncIO.toThread { try started.wait(timeout: 5) }
            var out: [String] = []
            for attempt in [{ _ = try await other.task.value }, { _ = try await other.future.value }] {
                do {
                    try await attempt()
                    out.append("no error")
                } catch let e as LoopStateError {
                    out.append(e.message.contains("attached to a different loop") ? "refused" : e.message)
                }
            }
            done.complete(.success(0))
            return out
        }
        #expect(messages == ["refused", "refused"])
        #expect(try await a == 1)
    }
}

/// A task and a future of one loop, handed to another loop's thread only to be refused.
private struct UncheckedSendableTask: @unchecked Sendable {
    // @unchecked Sendable: the receiving loop only passes them to `value`, which refuses
    // before touching their state.
    let task: LoopTask<Int>
    let future: Future<Int>
}
