import Foundation
import Testing
@testable import AsyncIO

/// `captureCallGraph` / `formatCallGraph`: what each kind of await records, the chain of
/// awaiting tasks both ways, and the text layout (CPython 3.14's `format_call_graph`).
@Suite("Call graph")
struct CallGraphTests {
    /// Starts `body` as a task named "w", lets it reach its await, and returns what its
    /// graph says it waits on.
    private static func awaitOf(
        _ body: @escaping @Sendable () async throws -> Void
    ) async throws -> CallGraph.Awaiting? {
        try await AsyncIO.runInVirtualTime {
            let t = AsyncIO.createTask(name: "w") { try await body() }
            for _ in 0..<3 { try await AsyncIO.sleep(0) }
            let a = AsyncIO.captureCallGraph(t)?.awaiting
            t.cancel()
            _ = try? await t.value
            return a
        }
    }

    @Test func sleepRecordsItsDeadlineAndTheCallersLine() async throws {
        let line = #line + 1
        let a = try await Self.awaitOf { try await AsyncIO.sleep(2) }
        #expect(a?.kind == .sleep)
        #expect(a?.detail == "sleep, 2.000 s left")
        #expect(a?.file == #fileID && a?.line == line)
    }

    @Test func queueGetAndPut() async throws {
        let q = Queue<Int>(maxsize: 1)
        let get = try await Self.awaitOf { _ = try await q.get() }
        #expect(get?.kind == .queueGet && get?.line != nil)
        #expect(get?.detail.hasPrefix("get from ") == true)
        let full = Queue<Int>(maxsize: 1)
        let put = try await Self.awaitOf {
            try await full.put(1)
            try await full.put(2)
        }
        #expect(put?.kind == .queuePut && put?.line != nil)
        let join = try await Self.awaitOf {
            let q = Queue<Int>()
            try await q.put(1)
            try await q.join()
        }
        #expect(join?.kind == .queueJoin)
    }

    @Test func synchronizationPrimitives() async throws {
        let lock = try await Self.awaitOf {
            let l = Lock()
            try await l.acquire()
            let other = AsyncIO.createTask { try await l.acquire() }
            _ = try await other.value
        }
        #expect(lock?.kind == .task)  // "w" awaits its own child, which awaits the lock
        let lockGraph = try await AsyncIO.runInVirtualTime { () -> CallGraph.Awaiting? in
            let l = Lock()
            try await l.acquire()
            let t = AsyncIO.createTask(name: "waiter") { try await l.acquire() }
            try await AsyncIO.sleep(0)
            let a = AsyncIO.captureCallGraph(t)?.awaiting
            try l.release()
            _ = try await t.value
            return a
        }
        #expect(lockGraph?.kind == .lock && lockGraph?.line != nil)
        #expect(lockGraph?.detail.contains("locked") == true)
        let event = try await Self.awaitOf { try await Event().wait() }
        #expect(event?.kind == .event && event?.line != nil)
        let sem = try await Self.awaitOf { try await Semaphore(value: 0).acquire() }
        #expect(sem?.kind == .semaphore)
        let cond = try await Self.awaitOf {
            let c = Condition()
            try await c.acquire()
            try await c.wait()
        }
        #expect(cond?.kind == .condition)
        let barrier = try await Self.awaitOf { _ = try await Barrier(parties: 2).wait() }
        #expect(barrier?.kind == .condition)  // a barrier waits on its condition
    }

    @Test func tasksGathersGroupsFuturesShieldsAndThreads() async throws {
        let value = try await Self.awaitOf {
            let t = AsyncIO.createTask { try await AsyncIO.sleep(5) }
            try await t.value
        }
        #expect(value?.kind == .task)
        let gather = try await Self.awaitOf {
            _ = try await AsyncIO.gather({ try await AsyncIO.sleep(5) }, { try await AsyncIO.sleep(6) })
        }
        #expect(gather?.kind == .gather && gather?.detail == "gather of 2 (2 pending)")
        let group = try await Self.awaitOf {
            try await AsyncIO.withTaskGroup { (g: LoopTaskGroup) -> Void in
                let child: LoopTask<Void> = try g.createTask { try await AsyncIO.sleep(5) }
                _ = child
            }
        }
        #expect(group?.kind == .taskGroup)
        let future = try await Self.awaitOf {
            _ = try await runningLoop().createFuture(of: Int.self).value
        }
        #expect(future?.kind == .future)
        let shield = try await Self.awaitOf {
            let inner: LoopTask<Void> = AsyncIO.createTask { try await AsyncIO.sleep(5) }
            try await AsyncIO.shield(inner)
        }
        #expect(shield?.kind == .shield)
        let thread = try await AsyncIO.runOnNewThread { () -> CallGraph.Awaiting? in
            let gate = Locked(false)
            let t = AsyncIO.createTask(name: "w") {
                try await AsyncIO.toThread { while !gate.withLock({ $0 }) { Thread.sleep(forTimeInterval: 0.001) } }
            }
            for _ in 0..<3 { try await AsyncIO.sleep(0) }
            let a = AsyncIO.captureCallGraph(t)?.awaiting
            gate.withLock { $0 = true }
            try await t.value
            return a
        }
        #expect(thread?.kind == .toThread)
    }

    @Test func theChainBothWays() async throws {
        let (down, up) = try await AsyncIO.runInVirtualTime { () -> ([String], [String]) in
            let leaf = AsyncIO.createTask(name: "leaf") { try await AsyncIO.sleep(10) }
            let middle = AsyncIO.createTask(name: "middle") { try await leaf.value }
            let top = AsyncIO.createTask(name: "top") { try await middle.value }
            for _ in 0..<3 { try await AsyncIO.sleep(0) }
            var names: [String] = []
            var g = AsyncIO.captureCallGraph(top)
            while let n = g {
                names.append(n.task.name)
                g = n.awaitedTasks.first
            }
            var ups: [String] = []
            g = AsyncIO.captureCallGraph(leaf)
            while let n = g {
                ups.append(n.task.name)
                g = n.awaitedBy.first
            }
            try await top.value
            return (names, ups)
        }
        #expect(down == ["top", "middle", "leaf"])
        #expect(up == ["leaf", "middle", "top"])
    }

    @Test func aSwiftChildTaskGetsARecordWhileItAwaits() async throws {
        let (seen, after) = try await AsyncIO.runInVirtualTime { () -> ([String], Int) in
            let loop = try runningLoop()
            let l = Lock()
            try await l.acquire()
            async let child: Void = l.acquire()
            for _ in 0..<3 { try await AsyncIO.sleep(0) }
            let seen = loop.tasks.foreignRecords.compactMap { r in
                AsyncIO.captureCallGraph(r).flatMap { g in g.awaiting.map { "\(g.task.name): \($0.kind)" } }
            }
            try l.release()
            try await child
            return (seen, loop.tasks.foreignRecords.count)
        }
        #expect(seen == ["<Swift task>: lock"])
        #expect(after == 0)  // dropped when its await ended
    }

    /// The twin, in Python 3.14:
    ///
    ///     async def sleeper(): await asyncio.sleep(1)
    ///     async def main():
    ///         a = asyncio.create_task(sleeper(), name='a')
    ///         b = asyncio.create_task(sleeper(), name='b')
    ///         await asyncio.gather(a, b)
    ///
    /// `print(asyncio.format_call_graph(asyncio.capture_call_graph(a)))` while both sleep:
    ///
    ///     * Task(name='a', id=0x...)
    ///       + Call stack:
    ///       |   File 't.py', line 1, in async sleeper()
    ///       + Awaited by:
    ///         * Future(id=0x...)
    ///           + Awaited by:
    ///             * Task(name='main', id=0x...)
    ///               + Call stack:
    ///               |   File 't.py', line 5, in async main()
    ///
    /// (graph.py indents each level by four spaces, `level * '    '`, and each section
    /// line by two more.)
    ///
    /// Here the gather is the awaiting task's own await (no separate future), and each
    /// task also says what it waits on.
    @Test func formattedGatherOfTwoSleepers() async throws {
        let sleepLine = #line + 3
        let gatherLine = #line + 5
        let text = try await AsyncIO.runInVirtualTime { () -> String in
            let sleeper: @Sendable () async throws -> Void = { try await AsyncIO.sleep(1) }
            let a = AsyncIO.createTask(name: "a", sleeper)
            let b = AsyncIO.createTask(name: "b", sleeper)
            let main = AsyncIO.createTask(name: "main") { _ = try await AsyncIO.gather([a, b]) }
            try await AsyncIO.sleep(0.25)
            let g = AsyncIO.captureCallGraph(a)
            try await main.value
            return g.map(AsyncIO.formatCallGraph) ?? ""
        }
        let masked = text.split(separator: "\n").map { line in
            line.replacing(/id=0x[0-9a-f]+/, with: "id=0x...")
        }.joined(separator: "\n")
        #expect(masked == """
            * Task(name='a', id=0x...)
              + Call stack:
              |   File 'AsyncIOTests/CallGraphTests.swift', line \(sleepLine), in await sleep
              + Waiting on: sleep, 0.750 s left
              + Awaited by:
                * Task(name='main', id=0x...)
                  + Call stack:
                  |   File 'AsyncIOTests/CallGraphTests.swift', line \(gatherLine), in await gather
                  + Waiting on: gather of 2 (2 pending)
            """)
    }
}
