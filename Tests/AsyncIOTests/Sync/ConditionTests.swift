import Testing
@testable import AsyncIO

// Each ordering test has its Python twin in a comment; the expected transcript is what
// CPython 3.11 prints for it (`def st(x): r = repr(x); return r[r.index('['):-1]`),
// except where a test says it follows 3.13.

@Suite("Condition")
struct ConditionTests {
    //     for f in (cond.wait, ): ...        # RuntimeError each
    //     cond.notify(); cond.notify_all()   # RuntimeError each
    @Test func waitAndNotifyWithoutTheLockThrow() async throws {
        let messages = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let cond = Condition()
            do { try await cond.wait() } catch let e as SyncStateError { log.add(e.message) }
            do { try cond.notify() } catch let e as SyncStateError { log.add(e.message) }
            do { try cond.notifyAll() } catch let e as SyncStateError { log.add(e.message) }
            #expect(cond.description == "<Condition [unlocked]>")
            return log.items
        }
        #expect(messages == [
            "cannot wait on un-acquired lock", "cannot notify on un-acquired lock", "cannot notify on un-acquired lock",
        ])
    }

    //     async def waiter(name):
    //         async with cond:
    //             log.append(f"{name} waits")
    //             await cond.wait()
    //             log.append(f"{name} woke")
    //     ts = [asyncio.create_task(waiter(f"w{i}")) for i in range(5)]
    //     await asyncio.sleep(0)
    //     log.append(st(cond))
    //     async with cond:
    //         cond.notify(2)
    //         log.append(st(cond))
    //     await asyncio.sleep(0)
    //     log.append(st(cond))
    //     await asyncio.sleep(0)
    //     log.append(st(cond))
    //     async with cond:
    //         cond.notify()
    //     await asyncio.sleep(0)
    //     async with cond:
    //         cond.notify_all()
    //         log.append(st(cond))
    //     await asyncio.gather(*ts)
    //     log.append(st(cond))
    @Test func notifyNWakesTheFirstNInOrder() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let cond = Condition()
            func waiter(_ name: String) async throws {
                try await cond.withLock {
                    log.add("\(name) waits")
                    try await cond.wait()
                    log.add("\(name) woke")
                }
            }
            let ts = (0..<5).map { i in AsyncIO.createTask { try await waiter("w\(i)") } }
            try await AsyncIO.sleep(0)
            log.add(st(cond))
            try await cond.withLock {
                try cond.notify(2)
                log.add(st(cond))
            }
            try await AsyncIO.sleep(0)
            log.add(st(cond))
            try await AsyncIO.sleep(0)
            log.add(st(cond))
            try await cond.withLock { try cond.notify() }
            try await AsyncIO.sleep(0)
            try await cond.withLock {
                try cond.notifyAll()
                log.add(st(cond))
            }
            for t in ts { try await t.value }
            log.add(st(cond))
            return log.items
        }
        #expect(events == [
            "w0 waits", "w1 waits", "w2 waits", "w3 waits", "w4 waits", "[unlocked, waiters:5]",
            "[locked, waiters:5]", "w0 woke", "w1 woke", "[unlocked, waiters:3]", "[unlocked, waiters:3]",
            "w2 woke", "[locked, waiters:2]", "w3 woke", "w4 woke", "[unlocked]",
        ])
    }

    //     async def consumer(name):
    //         async with cond:
    //             await cond.wait_for(lambda: len(items) > 0)
    //             log.append(f"{name} took {items.pop(0)}")
    //     ts = [asyncio.create_task(consumer(n)) for n in "ab"]
    //     await asyncio.sleep(0)
    //     for i in range(2):
    //         async with cond:
    //             items.append(i)
    //             cond.notify_all()
    //             log.append(f"put {i}")
    //         await asyncio.sleep(0)
    //     await asyncio.gather(*ts)
    @Test func waitForRechecksThePredicate() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let cond = Condition()
            let items = Cell<[Int]>([])
            func consumer(_ name: String) async throws {
                try await cond.withLock {
                    try await cond.waitFor { !items.value.isEmpty }
                    log.add("\(name) took \(items.value.removeFirst())")
                }
            }
            let ts = ["a", "b"].map { n in AsyncIO.createTask { try await consumer(n) } }
            try await AsyncIO.sleep(0)
            for i in 0..<2 {
                try await cond.withLock {
                    items.value.append(i)
                    try cond.notifyAll()
                    log.add("put \(i)")
                }
                try await AsyncIO.sleep(0)
            }
            for t in ts { try await t.value }
            return log.items
        }
        #expect(events == ["put 0", "a took 0", "put 1", "b took 1"])
    }

    // A cancelled wait holds the lock again before it throws, even if it has to wait.
    //     async def waiter():
    //         async with cond:
    //             try:
    //                 await cond.wait()
    //             except asyncio.CancelledError:
    //                 log.append(f"a cancelled, locked={cond.locked()}")
    //                 raise
    //     t = asyncio.create_task(waiter())
    //     await asyncio.sleep(0)
    //     await cond.acquire()
    //     t.cancel()
    //     await asyncio.sleep(0)
    //     log.append(f"main releases, {st(cond)}, lock {st(cond._lock)}")
    //     cond.release()
    //     try:
    //         await t
    //     except asyncio.CancelledError:
    //         log.append(f"a done, {st(cond)}")
    @Test func cancelledWaitReacquiresTheLockFirst() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let cond = Condition()
            let t = AsyncIO.createTask {
                try await cond.withLock {
                    do {
                        try await cond.wait()
                    } catch is CancellationError {
                        log.add("a cancelled, locked=\(cond.locked)")
                        throw CancellationError()
                    }
                }
            }
            try await AsyncIO.sleep(0)
            try await cond.acquire()
            t.cancel()
            try await AsyncIO.sleep(0)
            log.add("main releases, \(st(cond)), lock \(st(cond.lock))")
            try cond.release()
            do { try await t.value } catch is CancellationError { log.add("a done, \(st(cond))") }
            return log.items
        }
        #expect(events == [
            "main releases, [locked], lock [locked, waiters:1]", "a cancelled, locked=true", "a done, [unlocked]",
        ])
    }

    // a is notified, then cancelled before it ran: b gets the notification. This follows
    // asyncio 3.13 (the transcript below); 3.11 drops it and prints
    // ['a cancelled', 'b cancelled', 'b never woke'].
    //     async def waiter(name):
    //         async with cond:
    //             try:
    //                 await cond.wait()
    //                 log.append(f"{name} woke")
    //             except asyncio.CancelledError:
    //                 log.append(f"{name} cancelled")
    //                 raise
    //     ts = {n: asyncio.create_task(waiter(n)) for n in "ab"}
    //     await asyncio.sleep(0)
    //     async with cond:
    //         cond.notify(1)
    //         ts["a"].cancel()
    //     try:
    //         async with asyncio.timeout(0.05):
    //             await asyncio.gather(*ts.values(), return_exceptions=True)
    //     except TimeoutError:
    //         log.append("b never woke")
    @Test func aWaiterCancelledAfterNotifyPassesTheNotificationOn() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let cond = Condition()
            func waiter(_ name: String) async throws {
                try await cond.withLock {
                    do {
                        try await cond.wait()
                        log.add("\(name) woke")
                    } catch is CancellationError {
                        log.add("\(name) cancelled")
                        throw CancellationError()
                    }
                }
            }
            let a = AsyncIO.createTask { try await waiter("a") }
            let b = AsyncIO.createTask { try await waiter("b") }
            try await AsyncIO.sleep(0)
            try await cond.withLock {
                try cond.notify(1)
                a.cancel()
            }
            do {
                try await AsyncIO.timeout(0.05) { _ in
                    for t in [a, b] { _ = try? await AsyncIO.shield(t) }
                }
            } catch is TimeoutError {
                log.add("b never woke")
            }
            #expect(a.isCancelled)
            return log.items
        }
        #expect(events == ["a cancelled", "b woke"])
    }

    // a is notified and runs, then is cancelled while it waits to take the lock back:
    // it still holds the lock when it throws, and b gets the notification (3.13's
    // transcript below; 3.11 ends with 'b cancelled, locked=True', 'b never woke').
    //     ts = {n: asyncio.create_task(waiter(n)) for n in "ab"}   # waiter also logs locked=
    //     await asyncio.sleep(0)
    //     await cond.acquire()
    //     cond.notify(1)
    //     await asyncio.sleep(0)   # a runs, waits for the lock
    //     log.append(st(cond._lock))
    //     ts["a"].cancel()
    //     await asyncio.sleep(0)
    //     log.append(st(cond._lock))
    //     cond.release()
    //     (then the same 0.05 s timeout around the gather)
    @Test func aWaiterCancelledWhileTakingTheLockBackPassesTheNotificationOn() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let cond = Condition()
            func waiter(_ name: String) async throws {
                try await cond.withLock {
                    do {
                        try await cond.wait()
                        log.add("\(name) woke")
                    } catch is CancellationError {
                        log.add("\(name) cancelled, locked=\(cond.locked)")
                        throw CancellationError()
                    }
                }
            }
            let a = AsyncIO.createTask { try await waiter("a") }
            let b = AsyncIO.createTask { try await waiter("b") }
            try await AsyncIO.sleep(0)
            try await cond.acquire()
            try cond.notify(1)
            try await AsyncIO.sleep(0)
            log.add(st(cond.lock))
            a.cancel()
            try await AsyncIO.sleep(0)
            log.add(st(cond.lock))
            try cond.release()
            do {
                try await AsyncIO.timeout(0.05) { _ in
                    for t in [a, b] { _ = try? await AsyncIO.shield(t) }
                }
            } catch is TimeoutError {
                log.add("b never woke")
            }
            return log.items
        }
        #expect(events == ["[locked, waiters:1]", "[locked, waiters:1]", "a cancelled, locked=true", "b woke"])
    }

    //     async with cond:
    //         try:
    //             await asyncio.wait_for(cond.wait(), 0.01)
    //         except TimeoutError:
    //             log.append(f"wait_for timed out, {st(cond)}")
    //         try:
    //             async with asyncio.timeout(0.01):
    //                 await cond.wait()
    //         except TimeoutError:
    //             log.append(f"timeout expired, {st(cond)}")
    //     log.append(st(cond))
    @Test func waitForAndTimeoutAroundWaitKeepTheLockHeld() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let cond = Condition()
            try await cond.withLock {
                do {
                    try await AsyncIO.waitFor(timeout: 0.01) { try await cond.wait() }
                } catch is TimeoutError {
                    log.add("wait_for timed out, \(st(cond))")
                }
                do {
                    try await AsyncIO.timeout(0.01) { _ in try await cond.wait() }
                } catch is TimeoutError {
                    log.add("timeout expired, \(st(cond))")
                }
            }
            log.add(st(cond))
            return log.items
        }
        #expect(events == ["wait_for timed out, [locked]", "timeout expired, [locked]", "[unlocked]"])
    }

    //     lock = asyncio.Lock()
    //     c1, c2 = asyncio.Condition(lock), asyncio.Condition(lock)
    //     async def w(c, name):
    //         async with c:
    //             await c.wait()
    //             log.append(f"{name} woke, {st(lock)}")
    //     t1 = asyncio.create_task(w(c1, "on c1")); t2 = asyncio.create_task(w(c2, "on c2"))
    //     await asyncio.sleep(0)
    //     async with lock:
    //         log.append(f"{st(c1)} {st(c2)}")
    //         c2.notify()
    //         c1.notify()
    //     await asyncio.gather(t1, t2)
    @Test func conditionsShareALock() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let lock = Lock()
            let c1 = Condition(lock: lock)
            let c2 = Condition(lock: lock)
            #expect(c1.lock === lock && c2.lock === lock)
            func w(_ c: Condition, _ name: String) async throws {
                try await c.withLock {
                    try await c.wait()
                    log.add("\(name) woke, \(st(lock))")
                }
            }
            let t1 = AsyncIO.createTask { try await w(c1, "on c1") }
            let t2 = AsyncIO.createTask { try await w(c2, "on c2") }
            try await AsyncIO.sleep(0)
            try await lock.withLock {
                log.add("\(st(c1)) \(st(c2))")
                try c2.notify()
                try c1.notify()
            }
            try await t1.value
            try await t2.value
            return log.items
        }
        #expect(events == ["[locked, waiters:1] [locked, waiters:1]", "on c2 woke, [locked]", "on c1 woke, [locked]"])
    }

    // A cancelled Swift task (its cancellation is sticky) still takes the lock back; it
    // waits for it without spinning.
    @Test func aCancelledSwiftTaskWaitsForTheLockBack() async throws {
        try await AsyncIO.runInVirtualTime {
            let loop = try AsyncIO.runningLoop()
            let log = Log()
            let cond = Condition()
            let t = Task(executorPreference: loop.taskExecutor) {
                try await cond.withLock {
                    do {
                        try await cond.wait()
                    } catch {
                        log.add("\(type(of: error)), locked=\(cond.locked) at \(now())")
                        throw error
                    }
                }
            }
            try await AsyncIO.sleep(1)
            try await cond.acquire()
            t.cancel()
            try await AsyncIO.sleep(1)
            #expect(log.items.isEmpty)  // still waiting for the lock
            try cond.release()
            await #expect(throws: CancellationError.self) { try await t.value }
            #expect(log.items == ["CancellationError, locked=true at 2.0"])
            #expect(st(cond) == "[unlocked]")
        }
    }

    // Under repeated notify and cancellations, every notification reaches a task that
    // returns from wait, or is passed on: none is lost.
    @Test func notificationsAreNeverLostUnderCancellation() async throws {
        try await AsyncIO.runInVirtualTime {
            let cond = Condition()
            let woke = Cell(0)
            var tasks: [LoopTask<Void>] = []
            for _ in 0..<20 {
                tasks.append(AsyncIO.createTask {
                    try await cond.withLock {
                        try await cond.wait()
                        woke.value += 1
                    }
                })
            }
            try await AsyncIO.sleep(0)
            // Ten notifications; every other time, the task notified (the first in line)
            // is cancelled before it runs, and the next in line must wake instead.
            var next = 0
            for i in 0..<10 {
                try await cond.withLock { try cond.notify() }
                if i % 2 == 0 {
                    tasks[next].cancel()
                    next += 1
                }
                next += 1
                try await AsyncIO.sleep(0)
                try await AsyncIO.sleep(0)
                #expect(woke.value == i + 1)
            }
            #expect(tasks.prefix(next).filter(\.isCancelled).count == 5)
            #expect(woke.value == 10)
            try await cond.withLock { try cond.notifyAll() }
            for t in tasks { _ = try? await t.value }
            #expect(woke.value == 15)  // 20 tasks, 5 cancelled
            #expect(st(cond) == "[unlocked]")
        }
    }
}
