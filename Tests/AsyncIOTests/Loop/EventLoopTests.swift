import Synchronization
import Testing
@testable import AsyncIO
#if canImport(Glibc)
import Glibc
#endif

@Suite("EventLoop")
struct EventLoopTests {
    @Test func callSoonRunsInFIFOOrder() async throws {
        let order = try await AsyncIO.runOnNewThread {
            let loop = try AsyncIO.runningLoop()
            let log = Log()
            for i in 0..<5 { try loop.callSoon { log.add("cb\(i)") } }
            try await AsyncIO.sleep(0)
            return log.items
        }
        #expect(order == ["cb0", "cb1", "cb2", "cb3", "cb4"])
    }

    @Test func cancelledHandleDoesNotRun() async throws {
        let order = try await AsyncIO.runOnNewThread {
            let loop = try AsyncIO.runningLoop()
            let log = Log()
            try loop.callSoon { log.add("a") }
            let h = try loop.callSoon { log.add("b") }
            try loop.callSoon { log.add("c") }
            h.cancel()
            #expect(h.isCancelled)
            try await AsyncIO.sleep(0)
            return log.items
        }
        #expect(order == ["a", "c"])
    }

    @Test func timersFireInDeadlineThenSchedulingOrder() async throws {
        let order = try await AsyncIO.runInVirtualTime {
            let loop = try AsyncIO.runningLoop()
            let log = Log()
            try loop.callLater(0.3) { log.add("c@\(loop.time())") }
            try loop.callLater(0.1) { log.add("a@\(loop.time())") }
            try loop.callLater(0.2) { log.add("b1") }
            try loop.callLater(0.2) { log.add("b2") }
            try loop.callAt(loop.time() + 0.2) { log.add("b3") }
            let t = try loop.callLater(0.15) { log.add("never") }
            t.cancel()
            try await AsyncIO.sleep(1)
            return log.items
        }
        #expect(order == ["a@0.1", "b1", "b2", "b3", "c@0.3"])
    }

    @Test func callSoonThreadsafeFromAnotherThreadWakesTheLoop() async throws {
        let got = try await AsyncIO.runOnNewThread {
            let loop = try AsyncIO.runningLoop()
            let fut: Future<Int> = loop.createFuture()
            let box = UncheckedBox(fut)
            try startThread {
                // From a foreign thread: only the thread-safe door is used.
                try? loop.callSoonThreadsafe { try? box.value.setResult(42) }
            }
            return try await fut.value
        }
        #expect(got == 42)
    }

    @Test func runningLoopThrowsOutsideALoop() {
        #expect(throws: NoRunningLoopError.self) { try AsyncIO.runningLoop() }
    }

    @Test func nestedRunThrows() async throws {
        let message = try await AsyncIO.runOnNewThread { () -> String in
            do {
                _ = try AsyncIO.run { 1 }
                return "no error"
            } catch let e as LoopStateError {
                return e.message
            }
        }
        #expect(message.contains("cannot be called from a running event loop"))
    }

    @Test func stopAndRunForeverAndClose() async throws {
        let result = try await withUnsafeThrowingContinuation { (c: UnsafeContinuation<[String], any Error>) in
            do {
                try startThread {
                    c.resume(with: Result {
                        let loop = try EventLoop()
                        let log = Log()
                        try loop.callSoon { log.add("first") }
                        try loop.callLater(0.01) {
                            log.add("stopping running=\(loop.isRunning)")
                            loop.stop()
                        }
                        try loop.runForever()
                        log.add("stopped running=\(loop.isRunning)")
                        try loop.close()
                        log.add("closed=\(loop.isClosed)")
                        do { try loop.runForever() } catch let e as LoopStateError { log.add(e.message) }
                        return log.items
                    })
                }
            } catch { c.resume(throwing: error) }
        }
        #expect(result == ["first", "stopping running=true", "stopped running=false", "closed=true", "Event loop is closed"])
    }

    @Test func stopBeforeRunForeverRunsOnePassThenStops() async throws {
        // The usual race: one thread starts a loop, another stops it before it got going.
        // asyncio keeps the request: run_forever runs one pass, then returns.
        let result = try await onNewThread { () -> [String] in
            let loop = try EventLoop()
            let log = Log()
            try loop.callSoon {
                log.add("first pass")
                _ = try? loop.callSoon { log.add("second pass") }
            }
            // Old code lost the stop and served until this timer.
            let guardTimer = try loop.callLater(2) {
                log.add("stop was lost")
                loop.stop()
            }
            loop.stop()
            try loop.runForever()
            log.add("returned")
            guardTimer.cancel()
            // The request was spent: the next run serves until the next stop.
            try loop.callSoon { loop.stop() }
            try loop.runForever()
            log.add("returned again")
            try loop.close()
            return log.items
        }
        #expect(result == ["first pass", "returned", "second pass", "returned again"])
    }

    @Test func stopFromAnotherThreadBeforeTheLoopStartsIsNeverLost() async throws {
        // Start on one thread, stop from another first: every run returns at once.
        let lost = try await onNewThread { () -> Int in
            var lost = 0
            for _ in 0..<20 {
                let loop = try EventLoop()
                try loop.callLater(0.5) {
                    lost += 1
                    loop.stop()
                }
                let stopped = Counter()
                try startThread {
                    loop.stop()
                    stopped.value.store(1, ordering: .releasing)
                }
                // The other thread got there first, as it sometimes does.
                while stopped.value.load(ordering: .acquiring) == 0 { sched_yield() }
                try loop.runForever()
                try loop.close()
            }
            return lost
        }
        #expect(lost == 0)
    }

    @Test func stopFromAnotherThreadWhileRunningEndsTheRun() async throws {
        // The loop is blocked in epoll with nothing to do when the stop comes: it must
        // wake, end the pass and return (the guard timer says if the stop was lost).
        let result = try await onNewThread { () -> [String] in
            let loop = try EventLoop()
            let log = Log()
            let guardTimer = try loop.callLater(5) {
                log.add("stop was lost")
                loop.stop()
            }
            try loop.callSoon {
                log.add("running=\(loop.isRunning)")
                _ = try? startThread {
                    usleep(20_000)  // let the loop block
                    loop.stop()
                }
            }
            try loop.runForever()
            log.add("returned running=\(loop.isRunning)")
            guardTimer.cancel()
            try loop.close()
            return log.items
        }
        #expect(result == ["running=true", "returned running=false"])
    }

    @Test func exceptionHandlerHearsAboutNeverRetrievedTaskErrors() async throws {
        let messages = try await AsyncIO.runInVirtualTime {
            let loop = try AsyncIO.runningLoop()
            let log = Log()
            loop.setExceptionHandler { _, ctx in log.add("\(ctx.message): \(ctx.error.map { "\($0)" } ?? "-")") }
            do {
                let t = AsyncIO.createTask { () async throws -> Int in throw Boom("lost") }
                try await AsyncIO.sleep(0.1)
                #expect(t.isDone)
            }
            // The handle is gone: the error was never looked at.
            try await AsyncIO.sleep(0.1)
            // A retrieved error is not reported.
            let u = AsyncIO.createTask { () async throws -> Int in throw Boom("seen") }
            _ = try? await u.value
            return log.items
        }
        #expect(messages == ["Task exception was never retrieved: Boom(lost)"])
    }

    @Test func ioReadinessCallbacksRun() async throws {
        let got = try await AsyncIO.runOnNewThread {
            let loop = try AsyncIO.runningLoop()
            let fd = try EventFD.create()
            defer { Posix.close(fd) }
            let fut: Future<String> = loop.createFuture()
            try loop.addReader(fd) {
                EventFD.drain(fd)
                try? fut.setResult("readable")
            }
            try loop.callLater(0.01) { EventFD.signal(fd) }
            let v = try await fut.value
            try loop.removeReader(fd)
            return v
        }
        #expect(got == "readable")
    }

    @Test func anActorCanLiveOnTheLoop() async throws {
        actor Counter {
            let loop: EventLoop
            var n = 0
            init(loop: EventLoop) { self.loop = loop }
            nonisolated var unownedExecutor: UnownedSerialExecutor { loop.unownedSerialExecutor }
            func bump() -> Bool { n += 1; return loop.isOnLoopThread }
        }
        let onLoop = try await AsyncIO.runOnNewThread {
            let counter = Counter(loop: try AsyncIO.runningLoop())
            var all = true
            for _ in 0..<10 { all = await counter.bump() && all }
            let n = await counter.n
            return all && n == 10
        }
        #expect(onLoop)
    }
}

@Suite("Loop internals")
struct LoopInternalsTests {
    @Test func readyRingKeepsFIFOAtEveryWrapAroundLayout() {
        for start in 0..<8 {
            var ring = ReadyRing(capacity: 8)
            // Move the head to `start`.
            for _ in 0..<start { ring.push(.callback(Handle {})) }
            for _ in 0..<start { _ = ring.pop() }
            #expect(ring._headSlot == start)
            var handles: [Handle] = []
            for _ in 0..<20 {  // forces growth from every layout
                let h = Handle {}
                handles.append(h)
                ring.push(.callback(h))
            }
            var popped: [Handle] = []
            while let item = ring.pop() {
                if case .callback(let h) = item { popped.append(h) }
            }
            #expect(popped.count == 20)
            #expect(zip(popped, handles).allSatisfy { $0 === $1 })
        }
    }

    @Test func timerHeapCompactsWhenMostTimersAreCancelled() {
        let heap = TimerHeap()
        var handles: [TimerHandle] = []
        for i in 0..<300 { handles.append(heap.schedule(at: Double(i % 17), {})) }
        #expect(heap._checkInvariants())
        for h in handles.prefix(200) { h.cancel() }
        // Compaction ran once more than half were cancelled.
        #expect(heap.count < 300)
        #expect(heap.liveCount == 100)
        #expect(heap._checkInvariants())
        var last = -1.0
        var n = 0
        while let t = heap.popDue(now: 100) {
            #expect(t.when >= last)
            last = t.when
            n += 1
        }
        #expect(n == 100)
    }
}
