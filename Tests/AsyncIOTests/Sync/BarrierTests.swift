import Testing
@testable import AsyncIO

// Each ordering test has its Python twin in a comment; the expected transcript is what
// CPython 3.11 prints for it (`def st(x): r = repr(x); return r[r.index('['):-1]`).

@Suite("Barrier")
struct BarrierTests {
    //     asyncio.Barrier(0)   # ValueError: parties must be > 0
    @Test func partiesAndInitialState() throws {
        #expect(throws: SyncValueError.self) { try Barrier(parties: 0) }
        let b = try Barrier(parties: 3)  // no loop needed
        #expect(b.parties == 3)
        #expect(b.nWaiting == 0)
        #expect(!b.broken)
        #expect(b.description == "<Barrier [filling, waiters:0/3]>")
    }

    //     b = asyncio.Barrier(3)
    //     async def worker(name, rounds):
    //         for r in range(rounds):
    //             log.append(f"{name} arrives r{r}")
    //             i = await b.wait()
    //             log.append(f"{name} leaves r{r} #{i}")
    //     ts = [asyncio.create_task(worker(n, 2)) for n in "abc"]
    //     await asyncio.sleep(0)
    //     log.append(f"{st(b)} n_waiting={b.n_waiting}")
    //     await asyncio.gather(*ts)
    //     log.append(st(b))
    @Test func tripsAtPartiesAndIsReusable() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let b = try Barrier(parties: 3)
            func worker(_ name: String, _ rounds: Int) async throws {
                for r in 0..<rounds {
                    log.add("\(name) arrives r\(r)")
                    let i = try await b.wait()
                    log.add("\(name) leaves r\(r) #\(i)")
                }
            }
            let ts = ["a", "b", "c"].map { n in AsyncIO.createTask { try await worker(n, 2) } }
            try await AsyncIO.sleep(0)
            log.add("\(st(b)) n_waiting=\(b.nWaiting)")
            for t in ts { try await t.value }
            log.add(st(b))
            return log.items
        }
        #expect(events == [
            "a arrives r0", "b arrives r0", "c arrives r0", "c leaves r0 #2", "c arrives r1",
            "[draining, waiters:0/3] n_waiting=0", "a leaves r0 #0", "a arrives r1", "b leaves r0 #1",
            "b arrives r1", "a leaves r1 #2", "b leaves r1 #0", "c leaves r1 #1", "[filling, waiters:0/3]",
        ])
    }

    // Two parties, four tasks at once: the second pair waits for the first to drain.
    //     b = asyncio.Barrier(2)
    //     async def worker(name):
    //         log.append(f"{name} arrives")
    //         i = await b.wait()
    //         log.append(f"{name} leaves #{i}, {st(b)}")
    //     ts = [asyncio.create_task(worker(n)) for n in "abcd"]
    //     for _ in range(6):
    //         await asyncio.sleep(0)
    //         log.append(st(b))
    //     await asyncio.gather(*ts)
    @Test func arrivalsWaitForTheBarrierToDrain() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let b = try Barrier(parties: 2)
            func worker(_ name: String) async throws {
                log.add("\(name) arrives")
                let i = try await b.wait()
                log.add("\(name) leaves #\(i), \(st(b))")
            }
            let ts = ["a", "b", "c", "d"].map { n in AsyncIO.createTask { try await worker(n) } }
            for _ in 0..<6 {
                try await AsyncIO.sleep(0)
                log.add(st(b))
            }
            for t in ts { try await t.value }
            return log.items
        }
        #expect(events == [
            "a arrives", "b arrives", "b leaves #1, [draining, waiters:0/2]", "c arrives", "d arrives",
            "[draining, waiters:0/2]", "a leaves #0, [filling, waiters:0/2]", "[filling, waiters:0/2]",
            "d leaves #1, [draining, waiters:0/2]", "[draining, waiters:0/2]", "c leaves #0, [filling, waiters:0/2]",
            "[filling, waiters:0/2]", "[filling, waiters:0/2]", "[filling, waiters:0/2]",
        ])
    }

    //     b = asyncio.Barrier(3)
    //     async def worker(name):
    //         try:
    //             i = await b.wait()
    //             log.append(f"{name} #{i}")
    //         except asyncio.BrokenBarrierError as e:
    //             log.append(f"{name} broken: {e.args[0] if e.args else ''}, {st(b)}")
    //     ts = [asyncio.create_task(worker(n)) for n in "ab"]
    //     await asyncio.sleep(0)
    //     log.append(f"{st(b)} broken={b.broken}")
    //     await b.abort()
    //     log.append(f"{st(b)} broken={b.broken}")
    //     await asyncio.gather(*ts)
    //     try:
    //         await b.wait()
    //     except asyncio.BrokenBarrierError as e:
    //         log.append(f"late: {e.args[0] if e.args else ''}")
    //     await b.reset()
    //     log.append(f"{st(b)} broken={b.broken}")
    //     ts = [asyncio.create_task(worker(n)) for n in "cd"]   # reset while two wait
    //     await asyncio.sleep(0)
    //     await b.reset()
    //     log.append(st(b))
    //     e = asyncio.create_task(worker("e"))  # arrives while resetting
    //     await asyncio.sleep(0)
    //     log.append(st(b))
    //     await asyncio.gather(*ts)
    //     log.append(st(b))
    //     fs = [asyncio.create_task(worker(n)) for n in "fg"]
    //     await asyncio.gather(e, *fs)
    //     log.append(st(b))
    @Test func abortBreaksAndResetRepairs() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let b = try Barrier(parties: 3)
            func worker(_ name: String) async throws {
                do {
                    let i = try await b.wait()
                    log.add("\(name) #\(i)")
                } catch let e as BrokenBarrierError {
                    log.add("\(name) broken: \(e.message), \(st(b))")
                }
            }
            var ts = ["a", "b"].map { n in AsyncIO.createTask { try await worker(n) } }
            try await AsyncIO.sleep(0)
            log.add("\(st(b)) broken=\(b.broken)")
            try await b.abort()
            log.add("\(st(b)) broken=\(b.broken)")
            for t in ts { try await t.value }
            do {
                try await b.wait()
            } catch let e as BrokenBarrierError {
                log.add("late: \(e.message)")
            }
            try await b.reset()
            log.add("\(st(b)) broken=\(b.broken)")
            ts = ["c", "d"].map { n in AsyncIO.createTask { try await worker(n) } }
            try await AsyncIO.sleep(0)
            try await b.reset()
            log.add(st(b))
            let e = AsyncIO.createTask { try await worker("e") }
            try await AsyncIO.sleep(0)
            log.add(st(b))
            for t in ts { try await t.value }
            log.add(st(b))
            let fs = ["f", "g"].map { n in AsyncIO.createTask { try await worker(n) } }
            for t in [e] + fs { try await t.value }
            log.add(st(b))
            return log.items
        }
        #expect(events == [
            "[filling, waiters:2/3] broken=false", "[broken] broken=true",
            "a broken: Abort or reset of barrier, [broken]", "b broken: Abort or reset of barrier, [broken]",
            "late: Barrier aborted", "[filling, waiters:0/3] broken=false", "[resetting, waiters:0/3]",
            "c broken: Abort or reset of barrier, [resetting, waiters:0/3]",
            "d broken: Abort or reset of barrier, [filling, waiters:0/3]", "[filling, waiters:1/3]",
            "[filling, waiters:1/3]", "g #2", "e #0", "f #1", "[filling, waiters:0/3]",
        ])
    }

    // A cancelled waiter leaves and is not counted; as in asyncio, indices are taken from
    // the count, so a later arrival may repeat one.
    //     b = asyncio.Barrier(3)
    //     async def worker(name):
    //         try:
    //             i = await b.wait()
    //             log.append(f"{name} #{i}")
    //         except asyncio.CancelledError:
    //             log.append(f"{name} cancelled, {st(b)}")
    //             raise
    //     ts = {n: asyncio.create_task(worker(n)) for n in "ab"}
    //     await asyncio.sleep(0)
    //     ts["a"].cancel()
    //     await asyncio.sleep(0)
    //     log.append(st(b))
    //     more = [asyncio.create_task(worker(n)) for n in "cd"]
    //     await asyncio.gather(ts["b"], *more)
    //     log.append(st(b))
    @Test func aCancelledWaiterLeavesTheBarrier() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let b = try Barrier(parties: 3)
            func worker(_ name: String) async throws {
                do {
                    let i = try await b.wait()
                    log.add("\(name) #\(i)")
                } catch is CancellationError {
                    log.add("\(name) cancelled, \(st(b))")
                    throw CancellationError()
                }
            }
            let a = AsyncIO.createTask { try await worker("a") }
            let bt = AsyncIO.createTask { try await worker("b") }
            try await AsyncIO.sleep(0)
            a.cancel()
            try await AsyncIO.sleep(0)
            log.add(st(b))
            let more = ["c", "d"].map { n in AsyncIO.createTask { try await worker(n) } }
            for t in [bt] + more { try await t.value }
            log.add(st(b))
            #expect(a.isCancelled)
            return log.items
        }
        #expect(events == [
            "a cancelled, [filling, waiters:1/3]", "[filling, waiters:1/3]", "d #2", "b #1", "c #1",
            "[filling, waiters:0/3]",
        ])
    }

    //     b = asyncio.Barrier(2)
    //     try:
    //         await asyncio.wait_for(b.wait(), 0.01)
    //     except TimeoutError:
    //         log.append(f"wait_for timed out, {st(b)}")
    //     async def other():
    //         await asyncio.sleep(0.01)
    //         return await b.wait()
    //     t = asyncio.create_task(other())
    //     async with asyncio.timeout(1):
    //         i = await b.wait()
    //     log.append(f"met in time #{i} and #{await t}, {st(b)}")
    @Test func waitForAndTimeoutAroundWait() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let b = try Barrier(parties: 2)
            do {
                _ = try await AsyncIO.waitFor(timeout: 0.01) { try await b.wait() }
            } catch is TimeoutError {
                log.add("wait_for timed out, \(st(b))")
            }
            let t = AsyncIO.createTask { () async throws -> Int in
                try await AsyncIO.sleep(0.01)
                return try await b.wait()
            }
            let i = try await AsyncIO.timeout(1) { _ in try await b.wait() }
            log.add("met in time #\(i) and #\(try await t.value), \(st(b))")
            return log.items
        }
        #expect(events == ["wait_for timed out, [filling, waiters:0/2]", "met in time #0 and #1, [filling, waiters:0/2]"])
    }

    // The state machine alone: every transition locks.py makes.
    @Test func stateMachineTransitions() {
        var m = BarrierStateMachine(parties: 2)
        let first = m.arrive()
        #expect(first == .wait(index: 0))
        #expect(m.outcome == .keepWaiting && m.nWaiting == 1)
        let second = m.arrive()
        #expect(second == .trip(index: 1))
        #expect(m.state == .draining && m.blocksArrivals && m.outcome == .released)
        let lastOut = [m.leave(), m.leave()]
        #expect(lastOut == [false, true])
        #expect(m.state == .filling && m.count == 0)
        _ = m.arrive()
        m.reset()
        #expect(m.state == .resetting && m.outcome == .broken)
        let out = m.leave()
        #expect(out && m.state == .filling)
        m.abort()
        let late = m.arrive()
        #expect(late == .broken && m.count == 0 && m.nWaiting == 0)
        m.reset()
        #expect(m.state == .filling)
    }
}
