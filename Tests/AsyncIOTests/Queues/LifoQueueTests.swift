import Testing
@testable import AsyncIO

@Suite("LifoQueue")
struct LifoQueueTests {
    @Test func lastInFirstOut() async throws {
        // CPython:
        //     lifo = asyncio.LifoQueue()
        //     for x in (1, 2, 3):
        //         lifo.put_nowait(x)
        //     print(lifo)   # <LifoQueue maxsize=0 _queue=[1, 2, 3] tasks=3>
        //     print([await lifo.get() for _ in range(3)])   # [3, 2, 1]
        try await AsyncIO.runInVirtualTime {
            let q = LifoQueue<Int>()
            for x in [1, 2, 3] { try q.putNowait(x) }
            #expect(q.description == "<LifoQueue maxsize=0 _queue=[1, 2, 3] tasks=3>")
            var out: [Int] = []
            for _ in 0..<3 { out.append(try await q.get()) }
            #expect(out == [3, 2, 1])
            #expect(throws: QueueEmpty()) { try q.getNowait() }
        }
    }

    @Test func blockedPutGoesOnTopWhenASlotFrees() async throws {
        try await AsyncIO.runInVirtualTime {
            let q = LifoQueue<String>(maxsize: 2)
            try q.putNowait("a")
            try q.putNowait("b")
            let p = AsyncIO.createTask { try await q.put("c") }
            try await AsyncIO.sleep(0)
            #expect(q.description == #"<LifoQueue maxsize=2 _queue=["a", "b"] _putters[1] tasks=2>"#)
            #expect(try await q.get() == "b")
            try await p.value
            #expect(try await q.get() == "c")
            #expect(try await q.get() == "a")
        }
    }

    @Test func sequenceEndsAtShutdown() async throws {
        try await AsyncIO.runInVirtualTime {
            let q = LifoQueue<Int>()
            for x in 0..<4 { try q.putNowait(x) }
            q.shutdown()
            var out: [Int] = []
            for try await x in q { out.append(x) }
            #expect(out == [3, 2, 1, 0])
        }
    }
}
