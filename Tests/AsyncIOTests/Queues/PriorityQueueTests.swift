import Testing
@testable import AsyncIO

@Suite("PriorityQueue")
struct PriorityQueueTests {
    @Test func smallestFirst() async throws {
        // CPython:
        //     prio = asyncio.PriorityQueue()
        //     for x in (5, 1, 4, 2, 3):
        //         prio.put_nowait(x)
        //     print([await prio.get() for _ in range(5)])   # [1, 2, 3, 4, 5]
        try await AsyncIO.runInVirtualTime {
            let q = PriorityQueue<Int>()
            for x in [5, 1, 4, 2, 3] { try q.putNowait(x) }
            // asyncio prints heapq's layout, [1, 2, 4, 5, 3]; ours is swift-collections' heap.
            #expect(q.description.hasPrefix("<PriorityQueue maxsize=0 _queue=["))
            #expect(q.description.hasSuffix("] tasks=5>"))
            var out: [Int] = []
            for _ in 0..<5 { out.append(try await q.get()) }
            #expect(out == [1, 2, 3, 4, 5])
        }
    }

    @Test func blockedPutIsOrderedByPriority() async throws {
        // CPython:
        //     prio2 = asyncio.PriorityQueue(maxsize=2)
        //     async def putter(x):
        //         await prio2.put(x)
        //         log.append(f"put {x}")
        //     prio2.put_nowait(2); prio2.put_nowait(9)
        //     t = asyncio.create_task(putter(1))
        //     await asyncio.sleep(0)
        //     log.append(str(prio2))
        //     log.append(f"got {await prio2.get()}")
        //     await t
        //     log.append(f"got {await prio2.get()}")
        //     log.append(f"got {await prio2.get()}")
        let events = try await AsyncIO.runInVirtualTime {
            let q = PriorityQueue<Int>(maxsize: 2)
            let log = Log()
            try q.putNowait(2)
            try q.putNowait(9)
            let t = AsyncIO.createTask {
                try await q.put(1)
                log.add("put 1")
            }
            try await AsyncIO.sleep(0)
            log.add(q.description)
            log.add("got \(try await q.get())")
            try await t.value
            log.add("got \(try await q.get())")
            log.add("got \(try await q.get())")
            return log.items
        }
        #expect(events == [
            "<PriorityQueue maxsize=2 _queue=[2, 9] _putters[1] tasks=2>",
            "got 2", "put 1", "got 1", "got 9",
        ])
    }

    /// A job ordered by priority, then by arrival: the `(priority, count, task)` entries
    /// heapq's documentation suggests for first-in, first-out among equal priorities.
    struct Job: Comparable, CustomStringConvertible {
        let priority: Int
        let sequence: Int
        let name: String
        static func < (a: Job, b: Job) -> Bool {
            (a.priority, a.sequence) < (b.priority, b.sequence)
        }
        var description: String { name }
    }

    @Test func tiesComeOutInArrivalOrderWithASequenceNumber() async throws {
        try await AsyncIO.runInVirtualTime {
            let q = PriorityQueue<Job>()
            let input = [(2, "b1"), (1, "a1"), (2, "b2"), (1, "a2"), (2, "b3"), (1, "a3")]
            for (n, (p, name)) in input.enumerated() {
                try q.putNowait(Job(priority: p, sequence: n, name: name))
            }
            var out: [String] = []
            for _ in input { out.append(try await q.get().name) }
            #expect(out == ["a1", "a2", "a3", "b1", "b2", "b3"])
        }
    }

    @Test func concurrentConsumersTakeItemsInPriorityOrder() async throws {
        try await AsyncIO.runInVirtualTime {
            let q = PriorityQueue<Int>()
            let log = Log()
            let consumers = (0..<2).map { i in
                AsyncIO.createTask {
                    for try await x in q {
                        log.add("c\(i) \(x)")
                        try await AsyncIO.sleep(1)
                    }
                }
            }
            for x in [30, 10, 20, 40] { try q.putNowait(x) }
            q.shutdown()
            for c in consumers { try await c.value }
            #expect(log.items == ["c0 10", "c1 20", "c0 30", "c1 40"])
        }
    }
}
