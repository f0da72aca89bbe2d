import Testing
@testable import AsyncIO

// Each ordering test has its Python twin in a comment; the expected transcript is what
// CPython 3.11 prints for it (`def st(x): r = repr(x); return r[r.index('['):-1]`).

@Suite("Event")
struct EventTests {
    @Test func setClearAndState() async throws {
        try await AsyncIO.runInVirtualTime {
            let ev = Event()
            #expect(!ev.isSet)
            #expect(ev.description == "<Event [unset]>")
            ev.set()
            #expect(ev.isSet)
            try await ev.wait()  // returns at once
            ev.set()  // idempotent
            #expect(ev.description == "<Event [set]>")
            ev.clear()
            #expect(!ev.isSet)
        }
    }

    //     async def waiter(name):
    //         log.append(f"{name} waits")
    //         await ev.wait()
    //         log.append(f"{name} woke, {st(ev)}")
    //     ts = [asyncio.create_task(waiter(n)) for n in "abc"]
    //     await asyncio.sleep(0)
    //     log.append(st(ev))
    //     ev.set()
    //     ev.clear()
    //     log.append(st(ev))
    //     await asyncio.gather(*ts)
    //     d = asyncio.create_task(waiter("d"))
    //     await asyncio.sleep(0)
    //     log.append(st(ev))
    //     ev.set()
    //     await d
    //     await ev.wait()
    //     log.append(f"main passes, {st(ev)}")
    @Test func setWakesEveryWaiterInFIFOOrderEvenIfClearedAtOnce() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let ev = Event()
            func waiter(_ name: String) async throws {
                log.add("\(name) waits")
                try await ev.wait()
                log.add("\(name) woke, \(st(ev))")
            }
            let ts = ["a", "b", "c"].map { n in AsyncIO.createTask { try await waiter(n) } }
            try await AsyncIO.sleep(0)
            log.add(st(ev))
            ev.set()
            ev.clear()
            log.add(st(ev))
            for t in ts { try await t.value }
            let d = AsyncIO.createTask { try await waiter("d") }
            try await AsyncIO.sleep(0)
            log.add(st(ev))
            ev.set()
            try await d.value
            try await ev.wait()
            log.add("main passes, \(st(ev))")
            return log.items
        }
        #expect(events == [
            "a waits", "b waits", "c waits", "[unset, waiters:3]", "[unset, waiters:3]",
            "a woke, [unset, waiters:2]", "b woke, [unset, waiters:1]", "c woke, [unset]",
            "d waits", "[unset, waiters:1]", "d woke, [set]", "main passes, [set]",
        ])
    }

    // b is cancelled while waiting; c is woken by set, then cancelled before it ran.
    //     async def waiter(name):
    //         try:
    //             await ev.wait()
    //             log.append(f"{name} woke")
    //         except asyncio.CancelledError:
    //             log.append(f"{name} cancelled, {st(ev)}")
    //             raise
    //     ts = {n: asyncio.create_task(waiter(n)) for n in "abc"}
    //     await asyncio.sleep(0)
    //     ts["b"].cancel()
    //     await asyncio.sleep(0)
    //     ev.set()
    //     ts["c"].cancel()
    //     await asyncio.gather(*ts.values(), return_exceptions=True)
    //     log.append(st(ev))
    @Test func cancellingWaitersBeforeAndAfterSet() async throws {
        let (events, cancelled) = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let ev = Event()
            func waiter(_ name: String) async throws {
                do {
                    try await ev.wait()
                    log.add("\(name) woke")
                } catch is CancellationError {
                    log.add("\(name) cancelled, \(st(ev))")
                    throw CancellationError()
                }
            }
            let a = AsyncIO.createTask { try await waiter("a") }
            let b = AsyncIO.createTask { try await waiter("b") }
            let c = AsyncIO.createTask { try await waiter("c") }
            try await AsyncIO.sleep(0)
            b.cancel()
            try await AsyncIO.sleep(0)
            ev.set()
            c.cancel()
            for t in [a, b, c] { _ = try? await t.value }
            log.add(st(ev))
            return (log.items, [a, b, c].map(\.isCancelled))
        }
        #expect(events == ["b cancelled, [unset, waiters:2]", "a woke", "c cancelled, [set]", "[set]"])
        #expect(cancelled == [false, true, true])
    }

    //     try:
    //         await asyncio.wait_for(ev.wait(), 0.01)
    //     except TimeoutError:
    //         log.append(f"wait_for timed out, {st(ev)}")
    //     asyncio.get_running_loop().call_later(0.01, ev.set)
    //     async with asyncio.timeout(1):
    //         await ev.wait()
    //     log.append(f"set in time, {st(ev)}")
    @Test func waitForAndTimeoutAroundWait() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let ev = Event()
            do {
                try await AsyncIO.waitFor(timeout: 0.01) { try await ev.wait() }
            } catch is TimeoutError {
                log.add("wait_for timed out, \(st(ev))")
            }
            try AsyncIO.runningLoop().callLater(0.01) { ev.set() }
            try await AsyncIO.timeout(1) { _ in try await ev.wait() }
            log.add("set in time, \(st(ev))")
            return log.items
        }
        #expect(events == ["wait_for timed out, [unset]", "set in time, [set]"])
    }

    @Test func madeOutsideALoop() async throws {
        let ev = Event()
        ev.set()
        try await ev.wait()  // set: no loop needed
        ev.clear()
        await #expect(throws: NoRunningLoopError.self) { try await ev.wait() }
        try await AsyncIO.runInVirtualTime {
            let t = AsyncIO.createTask { try await ev.wait() }
            try await AsyncIO.sleep(1)
            ev.set()
            try await t.value
        }
    }

    @Test func aSwiftTaskCancelledWhileWaitingLeavesTheQueue() async throws {
        try await AsyncIO.runInVirtualTime {
            let loop = try AsyncIO.runningLoop()
            let ev = Event()
            let t = Task(executorPreference: loop.taskExecutor) { try await ev.wait() }
            try await AsyncIO.sleep(1)
            #expect(st(ev) == "[unset, waiters:1]")
            t.cancel()
            await #expect(throws: CancellationError.self) { try await t.value }
            #expect(st(ev) == "[unset]")
        }
    }
}
