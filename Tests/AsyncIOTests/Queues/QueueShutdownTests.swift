import Testing
@testable import AsyncIO

/// `Queue.shutdown(immediate:)` with asyncio 3.13 semantics. CPython 3.11 has no
/// `shutdown`: the transcripts follow the 3.13 documentation and were recorded under 3.11
/// with 3.13's `put`/`get`/`get_nowait`/`put_nowait`/`shutdown` backported onto
/// `asyncio.Queue`.
@Suite("Queue.shutdown")
struct QueueShutdownTests {
    /// Runs `body` and records its result, or "QueueShutDown".
    static func run<T>(_ log: Log, _ name: String, _ body: () async throws -> T) async throws {
        do {
            let r = try await body()
            log.add("\(name) -> \(r)")
        } catch is QueueShutDown {
            log.add("\(name) -> QueueShutDown")
        }
    }

    @Test func shutdownFailsPutsButStillHandsOutTheItems() async throws {
        // CPython (3.13):
        //     q = asyncio.Queue(maxsize=2)
        //     q.put_nowait(1); q.put_nowait(2)
        //     p = asyncio.create_task(run("blocked put 3", q.put(3)))
        //     j = asyncio.create_task(run("join", q.join()))
        //     await asyncio.sleep(0)
        //     log.append(str(q))
        //     q.shutdown()
        //     log.append(str(q))
        //     await run("put 4", q.put(4))
        //     await p
        //     await run("get", q.get())
        //     q.task_done()
        //     await run("get", q.get())
        //     await run("get", q.get())
        //     try:
        //         q.get_nowait()
        //     except asyncio.QueueShutDown:
        //         log.append("get_nowait -> QueueShutDown")
        //     log.append(f"{q} join done: {j.done()}")
        //     q.task_done()
        //     await j
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let q = Queue<Int>(maxsize: 2)
            try q.putNowait(1)
            try q.putNowait(2)
            let p = AsyncIO.createTask { try await Self.run(log, "blocked put 3") { try await q.put(3) } }
            let j = AsyncIO.createTask { try await Self.run(log, "join") { try await q.join() } }
            try await AsyncIO.sleep(0)
            log.add(q.description)
            q.shutdown()
            #expect(q.isShutdown)
            log.add(q.description)
            try await Self.run(log, "put 4") { try await q.put(4) }
            try await p.value
            try await Self.run(log, "get") { try await q.get() }
            try q.taskDone()
            try await Self.run(log, "get") { try await q.get() }
            try await Self.run(log, "get") { try await q.get() }
            do {
                _ = try q.getNowait()
            } catch is QueueShutDown {
                log.add("get_nowait -> QueueShutDown")
            }
            #expect(throws: QueueShutDown()) { try q.putNowait(5) }
            log.add("\(q) join done: \(j.isDone)")
            try q.taskDone()
            try await j.value
            return log.items
        }
        #expect(events == [
            "<Queue maxsize=2 _queue=[1, 2] _putters[1] tasks=2>",
            "<Queue maxsize=2 _queue=[1, 2] tasks=2 shutdown>",
            "put 4 -> QueueShutDown",
            "blocked put 3 -> QueueShutDown",
            "get -> 1",
            "get -> 2",
            "get -> QueueShutDown",
            "get_nowait -> QueueShutDown",
            "<Queue maxsize=2 tasks=1 shutdown> join done: false",
            "join -> ()",  // Python prints None
        ])
    }

    @Test func blockedGettersWakeWithQueueShutDown() async throws {
        // CPython (3.13):
        //     q = asyncio.Queue()
        //     gs = [asyncio.create_task(run(f"g{i}", q.get())) for i in range(2)]
        //     await asyncio.sleep(0)
        //     log.append(str(q))
        //     q.shutdown()
        //     await asyncio.gather(*gs)
        //     log.append(str(q))
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let q = Queue<Int>()
            let gs = (0..<2).map { i in
                AsyncIO.createTask { try await Self.run(log, "g\(i)") { try await q.get() } }
            }
            try await AsyncIO.sleep(0)
            log.add(q.description)
            q.shutdown()
            for g in gs { try await g.value }
            log.add(q.description)
            return log.items
        }
        #expect(events == [
            "<Queue maxsize=0 _getters[2]>",
            "g0 -> QueueShutDown",
            "g1 -> QueueShutDown",
            "<Queue maxsize=0 shutdown>",
        ])
    }

    @Test func immediateShutdownDropsItemsCountsThemDoneAndWakesEverybody() async throws {
        // CPython (3.13):
        //     q = asyncio.Queue(maxsize=2)
        //     q.put_nowait("a"); q.put_nowait("b")
        //     log.append(f"got {q.get_nowait()}")   # taken, not yet done
        //     q.put_nowait("c")
        //     p = asyncio.create_task(run("blocked put d", q.put("d")))
        //     j = asyncio.create_task(run("join", q.join()))
        //     await asyncio.sleep(0)
        //     log.append(str(q))
        //     q.shutdown(immediate=True)
        //     log.append(str(q))
        //     await p
        //     await run("get", q.get())
        //     await asyncio.sleep(0)
        //     log.append(f"join done: {j.done()}")
        //     q.task_done()
        //     await j
        //     log.append(str(q))
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let q = Queue<String>(maxsize: 2)
            try q.putNowait("a")
            try q.putNowait("b")
            log.add("got \(try q.getNowait())")
            try q.putNowait("c")
            let p = AsyncIO.createTask { try await Self.run(log, "blocked put d") { try await q.put("d") } }
            let j = AsyncIO.createTask { try await Self.run(log, "join") { try await q.join() } }
            try await AsyncIO.sleep(0)
            log.add(q.description)
            q.shutdown(immediate: true)
            log.add(q.description)
            try await p.value
            try await Self.run(log, "get") { try await q.get() }
            try await AsyncIO.sleep(0)
            log.add("join done: \(j.isDone)")
            try q.taskDone()
            try await j.value
            log.add(q.description)
            return log.items
        }
        #expect(events == [
            "got a",
            #"<Queue maxsize=2 _queue=["b", "c"] _putters[1] tasks=3>"#,
            "<Queue maxsize=2 tasks=1 shutdown>",
            "blocked put d -> QueueShutDown",
            "get -> QueueShutDown",
            "join done: false",
            "join -> ()",
            "<Queue maxsize=2 shutdown>",
        ])
    }

    @Test func immediateShutdownWithNothingPendingReleasesJoinAtOnce() async throws {
        try await AsyncIO.runInVirtualTime {
            let q = Queue<Int>()
            for i in 0..<3 { try q.putNowait(i) }
            let j = AsyncIO.createTask { try await q.join() }
            try await AsyncIO.sleep(0)
            #expect(!j.isDone)
            q.shutdown(immediate: true)
            try await j.value
            #expect(q.qsize == 0 && q.description == "<Queue maxsize=0 shutdown>")
            #expect(throws: QueueValueError.self) { try q.taskDone() }
        }
    }
}
