import Dispatch
import Synchronization
import Testing
@testable import AsyncIO

/// `Queue` (first in, first out). Transcripts marked "CPython" were recorded by running the
/// Python program beside them under CPython 3.11; Swift prints strings in a queue's
/// `description` with double quotes where Python's repr uses single ones.
@Suite("Queue")
struct QueueTests {
    @Test func nowaitCallsSizeAndOrder() async throws {
        try await AsyncIO.runInVirtualTime {
            let q = Queue<Int>(maxsize: 2)
            #expect(q.maxsize == 2 && q.qsize == 0 && q.isEmpty && !q.isFull)
            #expect(throws: QueueEmpty()) { try q.getNowait() }
            try q.putNowait(1)
            try q.putNowait(2)
            #expect(q.qsize == 2 && !q.isEmpty && q.isFull)
            #expect(throws: QueueFull()) { try q.putNowait(3) }
            #expect(q.description == "<Queue maxsize=2 _queue=[1, 2] tasks=2>")
            #expect(try q.getNowait() == 1)
            #expect(try await q.get() == 2)
            #expect(q.description == "<Queue maxsize=2 tasks=2>")

            // maxsize 0 or less: never full.
            let unbounded = Queue<Int>(maxsize: -1)
            for i in 0..<1000 { try unbounded.putNowait(i) }
            #expect(!unbounded.isFull && unbounded.qsize == 1000)
            var out: [Int] = []
            while let i = try? unbounded.getNowait() { out.append(i) }
            #expect(out == Array(0..<1000))
        }
    }

    @Test func putSuspendsOnAFullQueueInCPythonsOrder() async throws {
        // CPython:
        //     q = asyncio.Queue(maxsize=2)
        //     async def producer():
        //         for i in range(5):
        //             log.append(f"put {i}")
        //             await q.put(i)
        //             log.append(f"put {i} done, qsize={q.qsize()}")
        //         log.append("producer done")
        //     async def consumer():
        //         for _ in range(5):
        //             await asyncio.sleep(0)
        //             item = await q.get()
        //             log.append(f"got {item}: {q}")
        //     await asyncio.gather(producer(), consumer())
        let events = try await AsyncIO.runInVirtualTime {
            let q = Queue<Int>(maxsize: 2)
            let log = Log()
            let producer = AsyncIO.createTask {
                for i in 0..<5 {
                    log.add("put \(i)")
                    try await q.put(i)
                    log.add("put \(i) done, qsize=\(q.qsize)")
                }
                log.add("producer done")
            }
            let consumer = AsyncIO.createTask {
                for _ in 0..<5 {
                    try await AsyncIO.sleep(0)
                    let item = try await q.get()
                    log.add("got \(item): \(q)")
                }
            }
            try await producer.value
            try await consumer.value
            return log.items
        }
        #expect(events == [
            "put 0", "put 0 done, qsize=1",
            "put 1", "put 1 done, qsize=2",
            "put 2",
            "got 0: <Queue maxsize=2 _queue=[1] tasks=2>",
            "put 2 done, qsize=2", "put 3",
            "got 1: <Queue maxsize=2 _queue=[2] tasks=3>",
            "put 3 done, qsize=2", "put 4",
            "got 2: <Queue maxsize=2 _queue=[3] tasks=4>",
            "put 4 done, qsize=2", "producer done",
            "got 3: <Queue maxsize=2 _queue=[4] tasks=5>",
            "got 4: <Queue maxsize=2 tasks=5>",
        ])
    }

    @Test func getterWakeUpIsAHintCheckedAgain() async throws {
        // CPython:
        //     q = asyncio.Queue()
        //     async def getter(name):
        //         log.append(f"{name} waits")
        //         item = await q.get()
        //         log.append(f"{name} got {item}")
        //     tasks = [asyncio.create_task(getter(f"g{i}")) for i in range(3)]
        //     await asyncio.sleep(0)
        //     log.append(str(q))
        //     q.put_nowait("a")                       # wakes g0 ...
        //     log.append(f"stolen {q.get_nowait()}")  # ... but main takes the item first
        //     q.put_nowait("b")                       # wakes g1
        //     q.put_nowait("c")                       # wakes g2
        //     await asyncio.sleep(0)                  # g0 gets b, g1 gets c, g2 waits again
        //     log.append(str(q))
        //     q.put_nowait("d")
        //     await asyncio.gather(*tasks)
        //     log.append(str(q))
        let events = try await AsyncIO.runInVirtualTime {
            let q = Queue<String>()
            let log = Log()
            let tasks = (0..<3).map { i in
                AsyncIO.createTask {
                    log.add("g\(i) waits")
                    let item = try await q.get()
                    log.add("g\(i) got \(item)")
                }
            }
            try await AsyncIO.sleep(0)
            log.add(q.description)
            try q.putNowait("a")
            log.add("stolen \(try q.getNowait())")
            try q.putNowait("b")
            try q.putNowait("c")
            try await AsyncIO.sleep(0)
            log.add(q.description)
            try q.putNowait("d")
            for t in tasks { try await t.value }
            log.add(q.description)
            return log.items
        }
        #expect(events == [
            "g0 waits", "g1 waits", "g2 waits",
            "<Queue maxsize=0 _getters[3]>",
            "stolen a",
            "g0 got b", "g1 got c",
            "<Queue maxsize=0 _getters[1] tasks=3>",
            "g2 got d",
            "<Queue maxsize=0 tasks=4>",
        ])
    }

    @Test func cancelledGetLosesNoItemAndLeavesNoGhost() async throws {
        // CPython:
        //     q = asyncio.Queue()
        //     async def getter(name):
        //         try:
        //             item = await q.get()
        //             log.append(f"{name} got {item}")
        //         except asyncio.CancelledError:
        //             log.append(f"{name} cancelled")
        //             raise
        //     # A waiting getter is cancelled: it leaves no ghost behind.
        //     g0 = asyncio.create_task(getter("g0"))
        //     await asyncio.sleep(0)
        //     log.append(str(q))
        //     g0.cancel()
        //     await asyncio.sleep(0)
        //     log.append(str(q))
        //     q.put_nowait("x")
        //     log.append(f"get_nowait {q.get_nowait()}")
        //     # A getter woken by a put is cancelled before it runs: the item goes on.
        //     g1 = asyncio.create_task(getter("g1"))
        //     g2 = asyncio.create_task(getter("g2"))
        //     await asyncio.sleep(0)
        //     log.append(str(q))
        //     q.put_nowait("y")
        //     g1.cancel()
        //     await asyncio.gather(g1, g2, return_exceptions=True)
        //     log.append(str(q))
        let events = try await AsyncIO.runInVirtualTime {
            let q = Queue<String>()
            let log = Log()
            func getter(_ name: String) -> LoopTask<Void> {
                AsyncIO.createTask {
                    do {
                        let item = try await q.get()
                        log.add("\(name) got \(item)")
                    } catch is CancellationError {
                        log.add("\(name) cancelled")
                        throw CancellationError()
                    }
                }
            }
            let g0 = getter("g0")
            try await AsyncIO.sleep(0)
            log.add(q.description)
            g0.cancel()
            try await AsyncIO.sleep(0)
            log.add(q.description)
            try q.putNowait("x")
            log.add("get_nowait \(try q.getNowait())")

            let g1 = getter("g1")
            let g2 = getter("g2")
            try await AsyncIO.sleep(0)
            log.add(q.description)
            try q.putNowait("y")
            g1.cancel()
            _ = try? await g1.value
            try await g2.value
            #expect(g0.isCancelled && g1.isCancelled)
            log.add(q.description)
            return log.items
        }
        #expect(events == [
            "<Queue maxsize=0 _getters[1]>",
            "g0 cancelled",
            "<Queue maxsize=0>",
            "get_nowait x",
            "<Queue maxsize=0 _getters[2] tasks=1>",
            "g1 cancelled",
            "g2 got y",
            "<Queue maxsize=0 tasks=2>",
        ])
    }

    @Test func cancelledPutAddsNothingAndLeavesNoGhost() async throws {
        // CPython:
        //     q = asyncio.Queue(maxsize=1)
        //     async def putter(name, item):
        //         try:
        //             await q.put(item)
        //             log.append(f"{name} put {item}")
        //         except asyncio.CancelledError:
        //             log.append(f"{name} cancelled")
        //             raise
        //     q.put_nowait("a")
        //     # A waiting putter is cancelled: its item is never added, no ghost is left.
        //     p0 = asyncio.create_task(putter("p0", "b"))
        //     await asyncio.sleep(0)
        //     log.append(str(q))
        //     p0.cancel()
        //     await asyncio.sleep(0)
        //     log.append(str(q))
        //     # A putter woken by a get is cancelled before it runs: the slot goes on.
        //     p1 = asyncio.create_task(putter("p1", "c"))
        //     p2 = asyncio.create_task(putter("p2", "d"))
        //     await asyncio.sleep(0)
        //     log.append(str(q))
        //     log.append(f"get_nowait {q.get_nowait()}")
        //     p1.cancel()
        //     await asyncio.gather(p1, p2, return_exceptions=True)
        //     log.append(str(q))
        let events = try await AsyncIO.runInVirtualTime {
            let q = Queue<String>(maxsize: 1)
            let log = Log()
            func putter(_ name: String, _ item: String) -> LoopTask<Void> {
                AsyncIO.createTask {
                    do {
                        try await q.put(item)
                        log.add("\(name) put \(item)")
                    } catch is CancellationError {
                        log.add("\(name) cancelled")
                        throw CancellationError()
                    }
                }
            }
            try q.putNowait("a")
            let p0 = putter("p0", "b")
            try await AsyncIO.sleep(0)
            log.add(q.description)
            p0.cancel()
            try await AsyncIO.sleep(0)
            log.add(q.description)

            let p1 = putter("p1", "c")
            let p2 = putter("p2", "d")
            try await AsyncIO.sleep(0)
            log.add(q.description)
            log.add("get_nowait \(try q.getNowait())")
            p1.cancel()
            _ = try? await p1.value
            try await p2.value
            log.add(q.description)
            return log.items
        }
        #expect(events == [
            #"<Queue maxsize=1 _queue=["a"] _putters[1] tasks=1>"#,
            "p0 cancelled",
            #"<Queue maxsize=1 _queue=["a"] tasks=1>"#,
            #"<Queue maxsize=1 _queue=["a"] _putters[2] tasks=1>"#,
            "get_nowait a",
            "p1 cancelled",
            "p2 put d",
            #"<Queue maxsize=1 _queue=["d"] tasks=2>"#,
        ])
    }

    @Test func swiftTaskCancellationOfAGetLeavesNoGhost() async throws {
        try await AsyncIO.runInVirtualTime {
            let q = Queue<Int>()
            try await withThrowingTaskGroup(of: Int.self) { group in
                group.addTask { try await q.get() }
                try await AsyncIO.sleep(0)
                #expect(q._getters.count == 1)
                group.cancelAll()
                await #expect(throws: CancellationError.self) { _ = try await group.next() }
            }
            #expect(q._getters.isEmpty)
            try q.putNowait(7)
            #expect(try await q.get() == 7)
        }
    }

    @Test func getsTimingOutBehindAWaitingGetDoNotPileUp() async throws {
        // A consumer waits at the front for ever while other tasks' gets time out behind
        // it, again and again: the line must not keep an entry for each of them.
        try await AsyncIO.runInVirtualTime {
            let q = Queue<Int>()
            let front = AsyncIO.createTask { try await q.get() }
            try await AsyncIO.sleep(0)
            var middle: LoopTask<Int>?
            for i in 0..<1000 {
                _ = try? await AsyncIO.waitFor(timeout: 0.01) { try await q.get() }
                if i == 500 {
                    middle = AsyncIO.createTask { try await q.get() }
                    try await AsyncIO.sleep(0)
                }
            }
            #expect(q._getters.count == 2)
            #expect(q._getters.slotCount < 200)
            // Compacting kept the order of the live waiters.
            try q.putNowait(1)
            try q.putNowait(2)
            #expect(try await front.value == 1)
            #expect(try await middle?.value == 2)
        }
    }

    @Test func joinWaitsForEveryTaskDone() async throws {
        // CPython:
        //     q = asyncio.Queue()
        //     async def worker(name):
        //         while True:
        //             item = await q.get()
        //             await asyncio.sleep(item)
        //             log.append(f"{name} did {item}")
        //             q.task_done()
        //     for item in (4, 1, 2):
        //         q.put_nowait(item)
        //     workers = [asyncio.create_task(worker(f"w{i}")) for i in range(2)]
        //     log.append(str(q))
        //     await q.join()
        //     log.append(f"joined: {q}")
        //     await q.join()  # nothing pending: returns at once
        //     for w in workers:
        //         w.cancel()
        //     await asyncio.sleep(0)
        //     log.append(f"workers cancelled: {q}")
        //     try:
        //         q.task_done()
        //     except ValueError as e:
        //         log.append(f"ValueError: {e}")
        let (events, joinedAt) = try await AsyncIO.runInVirtualTime {
            let q = Queue<Int>()
            let log = Log()
            for item in [4, 1, 2] { try q.putNowait(item) }
            let workers = (0..<2).map { i in
                AsyncIO.createTask {
                    while true {
                        let item = try await q.get()
                        try await AsyncIO.sleep(Double(item))
                        log.add("w\(i) did \(item)")
                        try q.taskDone()
                    }
                }
            }
            log.add(q.description)
            try await q.join()
            let joinedAt = now()
            log.add("joined: \(q)")
            try await q.join()
            for w in workers { w.cancel() }
            try await AsyncIO.sleep(0)
            log.add("workers cancelled: \(q)")
            do {
                try q.taskDone()
            } catch let e as QueueValueError {
                log.add("ValueError: \(e.message)")
            }
            return (log.items, joinedAt)
        }
        #expect(events == [
            "<Queue maxsize=0 _queue=[4, 1, 2] tasks=3>",
            "w1 did 1",
            "w1 did 2",
            "w0 did 4",
            "joined: <Queue maxsize=0 _getters[2]>",
            "workers cancelled: <Queue maxsize=0>",
            "ValueError: task_done() called too many times",
        ])
        #expect(joinedAt == 4)
    }

    @Test func cancelledJoinLeavesNoGhost() async throws {
        try await AsyncIO.runInVirtualTime {
            let q = Queue<Int>()
            try q.putNowait(1)
            let joiner = AsyncIO.createTask { try await q.join() }
            try await AsyncIO.sleep(0)
            joiner.cancel()
            await #expect(throws: CancellationError.self) { try await joiner.value }
            #expect(q.joiners.isEmpty)
            let second = AsyncIO.createTask { try await q.join() }
            try await AsyncIO.sleep(0)
            #expect(q.joiners.count == 1)
            _ = try q.getNowait()
            try q.taskDone()
            try await second.value
            #expect(q.joiners.isEmpty)
        }
    }

    @Test func waitForAroundGetAndPut() async throws {
        // CPython:
        //     q = asyncio.Queue(maxsize=1)
        //     try:
        //         await asyncio.wait_for(q.get(), 0.5)
        //     except TimeoutError:
        //         log.append(f"get timed out: {q}")
        //     q.put_nowait("a")
        //     try:
        //         await asyncio.wait_for(q.put("b"), 0.5)
        //     except TimeoutError:
        //         log.append(f"put timed out: {q}")
        //     log.append(f"got {await asyncio.wait_for(q.get(), 0.5)}")
        //     async def later():
        //         await asyncio.sleep(0.25)
        //         q.put_nowait("c")
        //     t = asyncio.create_task(later())
        //     log.append(f"got {await asyncio.wait_for(q.get(), 0.5)}")
        let (events, elapsed) = try await AsyncIO.runInVirtualTime {
            let q = Queue<String>(maxsize: 1)
            let log = Log()
            do {
                _ = try await AsyncIO.waitFor(timeout: 0.5) { try await q.get() }
            } catch is TimeoutError {
                log.add("get timed out: \(q)")
            }
            try q.putNowait("a")
            do {
                try await AsyncIO.waitFor(timeout: 0.5) { try await q.put("b") }
            } catch is TimeoutError {
                log.add("put timed out: \(q)")
            }
            log.add("got \(try await AsyncIO.waitFor(timeout: 0.5) { try await q.get() })")
            let later = AsyncIO.createTask {
                try await AsyncIO.sleep(0.25)
                try q.putNowait("c")
            }
            log.add("got \(try await AsyncIO.waitFor(timeout: 0.5) { try await q.get() })")
            try await later.value
            #expect(q._getters.isEmpty && q._putters.isEmpty)
            return (log.items, now())
        }
        #expect(events == [
            "get timed out: <Queue maxsize=1>",
            #"put timed out: <Queue maxsize=1 _queue=["a"] tasks=1>"#,
            "got a",
            "got c",
        ])
        #expect(elapsed == 1.25)
    }

    @Test func timeoutRacingAWakeUpLosesNoItem() async throws {
        // The put and the deadline fall in the same pass, the put first: the getter is
        // woken, then cancelled by its timeout before it runs. As with asyncio 3.12's
        // wait_for, the timeout wins, and the item is handed to the next getter. The
        // waitFor body runs in a child Swift task (its cancel scope), so the code after
        // waitFor resumes one loop step later than in asyncio: `other` logs first.
        let (events, left) = try await AsyncIO.runInVirtualTime {
            let loop = try AsyncIO.runningLoop()
            let q = Queue<String>()
            let log = Log()
            let other = AsyncIO.createTask {
                try await AsyncIO.sleep(0.1)
                log.add("other got \(try await q.get())")
            }
            try loop.callLater(0.5) { try? q.putNowait("x") }
            do {
                let item = try await AsyncIO.waitFor(timeout: 0.5) { try await q.get() }
                log.add("got \(item)")
            } catch is TimeoutError {
                log.add("timed out at \(now())")
            }
            try await other.value
            return (log.items, q.qsize)
        }
        #expect(events == ["other got x", "timed out at 0.5"])
        #expect(left == 0)
    }

    @Test func iteratingEndsWhenShutDownAndDrained() async throws {
        // CPython (3.13):
        //     q = asyncio.Queue(maxsize=2)
        //     async def producer():
        //         for i in range(5):
        //             await q.put(i)
        //             log.append(f"put {i}")
        //         q.shutdown()
        //         log.append("shut down")
        //     async def consumer():
        //         while True:  # Swift: for try await item in q
        //             try:
        //                 item = await q.get()
        //             except asyncio.QueueShutDown:
        //                 break
        //             log.append(f"got {item}")
        //         log.append("loop ended")
        //     await asyncio.gather(producer(), consumer())
        let events = try await AsyncIO.runInVirtualTime {
            let q = Queue<Int>(maxsize: 2)
            let log = Log()
            let producer = AsyncIO.createTask {
                for i in 0..<5 {
                    try await q.put(i)
                    log.add("put \(i)")
                }
                q.shutdown()
                log.add("shut down")
            }
            let consumer = AsyncIO.createTask {
                for try await item in q { log.add("got \(item)") }
                log.add("loop ended")
            }
            try await producer.value
            try await consumer.value
            return log.items
        }
        #expect(events == [
            "put 0", "put 1", "got 0", "got 1", "put 2", "put 3", "got 2", "got 3",
            "put 4", "shut down", "got 4", "loop ended",
        ])
    }

    @Test func iteratingStopsAtOnceAfterAnImmediateShutdown() async throws {
        try await AsyncIO.runInVirtualTime {
            let q = Queue<Int>()
            let log = Log()
            let consumer = AsyncIO.createTask {
                for try await item in q {
                    log.add("got \(item)")
                    try await AsyncIO.sleep(1)
                }
                log.add("ended at \(now())")
            }
            for i in 0..<3 { try q.putNowait(i) }
            try await AsyncIO.sleep(0.5)
            q.shutdown(immediate: true)
            try await consumer.value
            #expect(log.items == ["got 0", "ended at 1.0"])
            // Ended iterators stay ended.
            var it = q.makeAsyncIterator()
            #expect(try await it.next() == nil)
        }
    }

    @Test func twoConsumersShareOneSequence() async throws {
        try await AsyncIO.runInVirtualTime {
            let q = Queue<Int>()
            let a = AsyncIO.createTask { () async throws -> [Int] in
                var got: [Int] = []
                for try await i in q { got.append(i); try await AsyncIO.sleep(1) }
                return got
            }
            let b = AsyncIO.createTask { () async throws -> [Int] in
                var got: [Int] = []
                for try await i in q { got.append(i); try await AsyncIO.sleep(1) }
                return got
            }
            for i in 0..<6 { try await q.put(i) }
            q.shutdown()
            let (ga, gb) = try await (a.value, b.value)
            #expect(ga == [0, 2, 4])
            #expect(gb == [1, 3, 5])
        }
    }

    @Test func asyncCallsOutsideALoopOrOnAnotherLoopThrow() async throws {
        let q = Queue<Int>()
        // The nowait calls work anywhere, as asyncio's do.
        try q.putNowait(1)
        #expect(try q.getNowait() == 1)
        // The async calls need the loop, even when they would not wait.
        try q.putNowait(2)
        await #expect(throws: NoRunningLoopError.self) { try await q.get() }
        await #expect(throws: NoRunningLoopError.self) { try await q.put(3) }
        await #expect(throws: NoRunningLoopError.self) { try await q.join() }
        #expect(try q.getNowait() == 2)

        // The first loop that waits binds the queue (asyncio's _LoopBoundMixin).
        try await AsyncIO.runInVirtualTime {
            let t = AsyncIO.createTask { try await q.get() }
            try await AsyncIO.sleep(0)
            try q.putNowait(4)
            #expect(try await t.value == 4)
        }
        try await AsyncIO.runInVirtualTime {
            try q.putNowait(5)
            await #expect(throws: LoopStateError.self) { try await q.get() }
            await #expect(throws: LoopStateError.self) { try await q.put(6) }
            #expect(q._getters.isEmpty && q.qsize == 1)
        }
    }

    /// Runs an actor's jobs on a Dispatch queue: off the loop's thread. (A default actor
    /// would run on the loop: it follows the task's executor preference.)
    final class DispatchExecutor: SerialExecutor {
        let queue = DispatchQueue(label: "QueueTests.Elsewhere")
        func enqueue(_ job: consuming ExecutorJob) {
            let job = UnownedJob(job)
            let executor = asUnownedSerialExecutor()
            queue.async { job.runSynchronously(on: executor) }
        }
    }

    /// FIFO storage that counts the operations made off any loop's thread.
    struct LoopCheckedStorage: QueueStorage {
        static let offLoopOperations = Atomic<Int>(0)
        var items = FIFOQueueStorage<Int>()
        static var queueTypeName: String { "CheckedQueue" }
        init() {}
        static func check() {
            if EventLoop.current == nil { offLoopOperations.add(1, ordering: .relaxed) }
        }
        var count: Int { Self.check(); return items.count }
        mutating func put(_ item: Int) { Self.check(); items.put(item) }
        mutating func take() -> Int? { Self.check(); return items.take() }
        var contents: [Int] { items.contents }
    }

    actor Elsewhere {
        let executor = DispatchExecutor()
        nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }
        /// Whether the actor's code runs off any loop's thread.
        func isOffTheLoop() -> Bool { EventLoop.current == nil }
        func take(_ q: QueueEngine<LoopCheckedStorage>) async throws -> Int { try await q.get() }
        func give(_ q: QueueEngine<LoopCheckedStorage>, _ x: Int) async throws { try await q.put(x) }
    }

    @Test func callsFromAnotherExecutorMoveToTheLoop() async throws {
        // Real clock: the actor's jobs run on another thread, which a virtual clock does not
        // wait for.
        let got = try await AsyncIO.runOnNewThread { () async throws -> [Int] in
            let q = QueueEngine<LoopCheckedStorage>(maxsize: 1)
            let elsewhere = Elsewhere()
            #expect(await elsewhere.isOffTheLoop())
            try await elsewhere.give(q, 1)  // could take the fast path, but is off the loop
            let blocked = AsyncIO.createTask { try await elsewhere.give(q, 2) }  // waits for room
            try await AsyncIO.sleep(0.01)
            #expect(q._putters.count == 1)
            var got = [try await elsewhere.take(q)]
            try await blocked.value
            got.append(try await elsewhere.take(q))
            let waiting = AsyncIO.createTask { try await elsewhere.take(q) }  // waits for an item
            try await AsyncIO.sleep(0.01)
            #expect(q._getters.count == 1)
            try q.putNowait(3)
            got.append(try await waiting.value)
            return got
        }
        #expect(got == [1, 2, 3])
        #expect(LoopCheckedStorage.offLoopOperations.load(ordering: .relaxed) == 0)
    }
}
