import Testing
@testable import AsyncIO

// Each ordering test has its Python twin in a comment; the expected transcript is what
// CPython 3.11 prints for it (`def st(x): r = repr(x); return r[r.index('['):-1]`).

@Suite("Semaphore")
struct SemaphoreTests {
    @Test func valueLockedAndDescription() async throws {
        try await AsyncIO.runInVirtualTime {
            let sem = try Semaphore(value: 2)
            #expect(sem.description == "<Semaphore [unlocked, value:2]>")
            try await sem.acquire()
            try await sem.acquire()
            #expect(sem.locked)
            #expect(sem.description == "<Semaphore [locked]>")
            sem.release()
            sem.release()
            sem.release()  // a plain semaphore may go above its initial value
            #expect(sem.value == 3)
            #expect(try Semaphore().value == 1)
        }
    }

    //     asyncio.Semaphore(-1)   # ValueError: Semaphore initial value must be >= 0
    @Test func negativeInitialValueThrows() {
        #expect(throws: SyncValueError.self) { try Semaphore(value: -1) }
        #expect(throws: SyncValueError.self) { try BoundedSemaphore(value: -1) }
        do {
            _ = try Semaphore(value: -1)
        } catch let e as SyncValueError {
            #expect(e.message == "Semaphore initial value must be >= 0")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    //     sem = asyncio.Semaphore(2)
    //     async def worker(name):
    //         log.append(f"{name} wants")
    //         async with sem:
    //             log.append(f"{name} got")
    //             await asyncio.sleep(0)
    //             log.append(f"{name} done")
    //     ts = [asyncio.create_task(worker(n)) for n in "abcde"]
    //     await asyncio.sleep(0)
    //     log.append(st(sem))
    //     await asyncio.gather(*ts)
    //     log.append(st(sem))
    @Test func waitersGetPermitsInFIFOOrder() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let sem = try Semaphore(value: 2)
            func worker(_ name: String) async throws {
                log.add("\(name) wants")
                try await sem.withLock {
                    log.add("\(name) got")
                    try await AsyncIO.sleep(0)
                    log.add("\(name) done")
                }
            }
            let ts = ["a", "b", "c", "d", "e"].map { n in AsyncIO.createTask { try await worker(n) } }
            try await AsyncIO.sleep(0)
            log.add(st(sem))
            for t in ts { try await t.value }
            log.add(st(sem))
            return log.items
        }
        #expect(events == [
            "a wants", "a got", "b wants", "b got", "c wants", "d wants", "e wants", "[locked, waiters:3]",
            "a done", "b done", "c got", "d got", "c done", "d done", "e got", "e done", "[unlocked, value:2]",
        ])
    }

    // A woken waiter has not run yet: a free permit does not let a newcomer jump it.
    //     sem = asyncio.Semaphore(0)
    //     async def worker(name):
    //         await sem.acquire()
    //         log.append(f"{name} got, {st(sem)}")
    //     a = asyncio.create_task(worker("a"))
    //     await asyncio.sleep(0)
    //     sem.release()
    //     sem.release()
    //     log.append(f"{st(sem)}, locked={sem.locked()}")
    //     await sem.acquire()
    //     log.append(f"main got, {st(sem)}")
    //     await a
    @Test func aNewcomerQueuesBehindAWokenWaiter() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let sem = try Semaphore(value: 0)
            let a = AsyncIO.createTask {
                try await sem.acquire()
                log.add("a got, \(st(sem))")
            }
            try await AsyncIO.sleep(0)
            sem.release()
            sem.release()
            log.add("\(st(sem)), locked=\(sem.locked)")
            try await sem.acquire()
            log.add("main got, \(st(sem))")
            try await a.value
            return log.items
        }
        #expect(events == ["[locked, waiters:1], locked=true", "a got, [locked, waiters:1]", "main got, [locked]"])
    }

    // b is cancelled while waiting; a is woken with a permit, then cancelled before it
    // ran: the permit goes on to c.
    //     sem = asyncio.Semaphore(0)
    //     async def worker(name):
    //         try:
    //             await sem.acquire()
    //         except asyncio.CancelledError:
    //             log.append(f"{name} cancelled, {st(sem)}")
    //             raise
    //         log.append(f"{name} got, {st(sem)}")
    //     ts = {n: asyncio.create_task(worker(n)) for n in "abcd"}
    //     await asyncio.sleep(0)
    //     ts["b"].cancel()
    //     await asyncio.sleep(0)
    //     log.append(st(sem))
    //     sem.release()
    //     ts["a"].cancel()
    //     log.append(st(sem))
    //     await asyncio.sleep(0)
    //     await asyncio.sleep(0)
    //     sem.release()
    //     await asyncio.gather(*ts.values(), return_exceptions=True)
    //     log.append(st(sem))
    @Test func cancellationBeforeAndAfterTheWakeUp() async throws {
        let (events, cancelled) = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let sem = try Semaphore(value: 0)
            func worker(_ name: String) async throws {
                do {
                    try await sem.acquire()
                } catch is CancellationError {
                    log.add("\(name) cancelled, \(st(sem))")
                    throw CancellationError()
                }
                log.add("\(name) got, \(st(sem))")
            }
            let ts = ["a", "b", "c", "d"].map { n in AsyncIO.createTask { try await worker(n) } }
            try await AsyncIO.sleep(0)
            ts[1].cancel()
            try await AsyncIO.sleep(0)
            log.add(st(sem))
            sem.release()
            ts[0].cancel()
            log.add(st(sem))
            try await AsyncIO.sleep(0)
            try await AsyncIO.sleep(0)
            sem.release()
            for t in ts { _ = try? await t.value }
            log.add(st(sem))
            return (log.items, ts.map(\.isCancelled))
        }
        #expect(events == [
            "b cancelled, [locked, waiters:3]", "[locked, waiters:3]", "[locked, waiters:3]",
            "a cancelled, [locked, waiters:2]", "c got, [locked, waiters:1]", "d got, [locked]", "[locked]",
        ])
        #expect(cancelled == [true, true, false, false])
    }

    //     sem = asyncio.Semaphore(0)
    //     try:
    //         await asyncio.wait_for(sem.acquire(), 0.01)
    //     except TimeoutError:
    //         log.append(f"wait_for timed out, {st(sem)}")
    //     asyncio.get_running_loop().call_later(0.01, sem.release)
    //     async with asyncio.timeout(1):
    //         await sem.acquire()
    //     log.append(f"got in time, {st(sem)}")
    @Test func waitForAndTimeoutAroundAcquire() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let sem = try Semaphore(value: 0)
            do {
                try await AsyncIO.waitFor(timeout: 0.01) { try await sem.acquire() }
            } catch is TimeoutError {
                log.add("wait_for timed out, \(st(sem))")
            }
            try AsyncIO.runningLoop().callLater(0.01) { sem.release() }
            try await AsyncIO.timeout(1) { _ in try await sem.acquire() }
            log.add("got in time, \(st(sem))")
            return log.items
        }
        #expect(events == ["wait_for timed out, [locked]", "got in time, [locked]"])
    }

    // Permits are never lost or duplicated: with 3 permits and cancellations hitting
    // waiting, woken and running tasks, at most 3 hold one at a time, and all 3 are
    // free at the end.
    @Test func permitsAreConservedUnderCancellation() async throws {
        try await AsyncIO.runInVirtualTime {
            let sem = try Semaphore(value: 3)
            let inside = Cell(0)
            let peak = Cell(0)
            var tasks: [LoopTask<Void>] = []
            for _ in 0..<40 {
                tasks.append(AsyncIO.createTask {
                    try await sem.withLock {
                        inside.value += 1
                        peak.value = max(peak.value, inside.value)
                        defer { inside.value -= 1 }
                        try await AsyncIO.sleep(0)
                    }
                })
            }
            var seed: UInt64 = 987
            for round in 0..<30 {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                if round % 2 == 0 { tasks[Int(seed >> 33) % 40].cancel() }
                try await AsyncIO.sleep(0)
            }
            for t in tasks { _ = try? await t.value }
            #expect(peak.value == 3)
            #expect(sem.value == 3)
            #expect(st(sem) == "[unlocked, value:3]")
        }
    }
}

@Suite("BoundedSemaphore")
struct BoundedSemaphoreTests {
    // A release while every permit is free fails and changes nothing. The bound is
    // checked against the free permits, so (as in asyncio) an extra release made while
    // a permit is on its way to a woken waiter is caught at the next release.
    //     sem = asyncio.BoundedSemaphore(1)
    //     try:
    //         sem.release()
    //     except ValueError as e:
    //         log.append(f"{e}, {st(sem)}")
    //     await sem.acquire()
    //     async def worker():
    //         try:
    //             async with sem:
    //                 log.append(f"w got, {st(sem)}")
    //         except ValueError as e:
    //             log.append(f"w release: {e}, {st(sem)}")
    //     t = asyncio.create_task(worker())
    //     await asyncio.sleep(0)
    //     sem.release()   # hands the permit to w
    //     try:
    //         sem.release()
    //     except ValueError as e:
    //         log.append(f"second release: {e}, {st(sem)}")
    //     else:
    //         log.append(f"second release accepted, {st(sem)}")
    //     await t
    //     try:
    //         sem.release()
    //     except ValueError as e:
    //         log.append(f"{e}, {st(sem)}")
    @Test func releasingTooOftenThrows() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let sem = try BoundedSemaphore(value: 1)
            #expect(sem.bound == 1)
            do { try sem.release() } catch let e as SyncValueError { log.add("\(e.message), \(st(sem))") }
            try await sem.acquire()
            let t = AsyncIO.createTask {
                do {
                    try await sem.withLock { log.add("w got, \(st(sem))") }
                } catch let e as SyncValueError {
                    log.add("w release: \(e.message), \(st(sem))")
                }
            }
            try await AsyncIO.sleep(0)
            try sem.release()
            do {
                try sem.release()
                log.add("second release accepted, \(st(sem))")
            } catch let e as SyncValueError {
                log.add("second release: \(e.message), \(st(sem))")
            }
            try await t.value
            do { try sem.release() } catch let e as SyncValueError { log.add("\(e.message), \(st(sem))") }
            return log.items
        }
        #expect(events == [
            "BoundedSemaphore released too many times, [unlocked, value:1]",
            "second release accepted, [locked, waiters:1]",
            "w got, [unlocked, value:1]",
            "w release: BoundedSemaphore released too many times, [unlocked, value:1]",
            "BoundedSemaphore released too many times, [unlocked, value:1]",
        ])
    }

    @Test func behavesAsASemaphoreWithinItsBound() async throws {
        try await AsyncIO.runInVirtualTime {
            let sem = try BoundedSemaphore(value: 2)
            #expect(sem.description == "<BoundedSemaphore [unlocked, value:2]>")
            let log = Log()
            let ts = ["a", "b", "c"].map { n in
                AsyncIO.createTask {
                    try await sem.withLock {
                        log.add("\(n) in")
                        try await AsyncIO.sleep(1)
                    }
                }
            }
            try await AsyncIO.sleep(0.5)
            #expect(sem.locked)
            #expect(st(sem) == "[locked, waiters:1]")
            for t in ts { try await t.value }
            #expect(log.items == ["a in", "b in", "c in"])
            #expect(now() == 2)
            #expect(sem.value == 2)
            #expect(throws: SyncValueError.self) { try sem.release() }
        }
    }
}
