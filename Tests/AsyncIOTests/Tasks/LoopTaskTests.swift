import Testing
@testable import AsyncIO

@Suite("LoopTask")
struct LoopTaskTests {
    @Test func valueResultAndState() async throws {
        try await AsyncIO.runInVirtualTime {
            let t = AsyncIO.createTask(name: "adder") { () async throws -> Int in
                try await AsyncIO.sleep(1)
                return 41 + 1
            }
            #expect(t.name == "adder")
            #expect(!t.isDone)
            #expect(throws: InvalidStateError.self) { try t.result() }
            let v = try await t.value
            #expect(v == 42)
            #expect(t.isDone && !t.isCancelled)
            let r = try t.result()
            #expect(r == 42)
            let err = try t.error()
            #expect(err == nil)
        }
    }

    @Test func errorIsRethrownByValueAndResult() async throws {
        try await AsyncIO.runInVirtualTime {
            let t = AsyncIO.createTask { () async throws -> Int in throw Boom("x") }
            await #expect(throws: Boom("x")) { try await t.value }
            #expect(throws: Boom("x")) { try t.result() }
            let err = try t.error()
            #expect(err as? Boom == Boom("x"))
        }
    }

    @Test func defaultNamesCountUp() async throws {
        try await AsyncIO.runInVirtualTime {
            let a = AsyncIO.createTask { 1 }
            let b = AsyncIO.createTask { 2 }
            #expect(a.name.hasPrefix("Task-") && b.name.hasPrefix("Task-"))
            let na = Int(a.name.dropFirst(5)) ?? -1
            let nb = Int(b.name.dropFirst(5)) ?? -1
            #expect(nb > na)  // one process-wide counter; other tests may take numbers in between
            _ = try await (a.value, b.value)
        }
    }

    @Test func bodyStartsOnALaterPassInCreationOrder() async throws {
        let log = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let a = AsyncIO.createTask { log.add("a") }
            let b = AsyncIO.createTask { log.add("b") }
            log.add("main")
            try await a.value
            try await b.value
            return log.items
        }
        #expect(log == ["main", "a", "b"])
    }

    @Test func taskCancelledBeforeItStartsNeverRunsItsBody() async throws {
        let (ran, cancelled) = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let t = AsyncIO.createTask { log.add("ran") }
            #expect(t.cancel())
            await #expect(throws: CancellationError.self) { try await t.value }
            return (log.items, t.isCancelled)
        }
        #expect(ran.isEmpty)
        #expect(cancelled)
    }

    @Test func cancelInterruptsASleepAtOnce() async throws {
        let (events, elapsed) = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let start = now()
            let t = AsyncIO.createTask {
                do {
                    try await AsyncIO.sleep(100)
                    log.add("woke")
                } catch is CancellationError {
                    log.add("cancelled at \(now() - start)")
                    throw CancellationError()
                }
            }
            try await AsyncIO.sleep(1)
            #expect(t.cancel(message: "stop"))
            #expect(t.cancelling() == 1)
            await #expect(throws: CancellationError.self) { try await t.value }
            #expect(!t.cancel())  // already done
            return (log.items, now() - start)
        }
        #expect(events == ["cancelled at 1.0"])
        #expect(elapsed == 1)
    }

    @Test func cancelledTaskMayAwaitAgainToCleanUp() async throws {
        // asyncio semantics: cancellation is delivered once; cleanup can still await.
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let t = AsyncIO.createTask {
                do {
                    try await AsyncIO.sleep(10)
                } catch is CancellationError {
                    try await AsyncIO.sleep(1)
                    log.add("cleaned up at \(now())")
                    throw CancellationError()
                }
            }
            try await AsyncIO.sleep(2)
            t.cancel()
            _ = try? await AsyncIO.shield(t)
            return log.items
        }
        #expect(events == ["cleaned up at 3.0"])
    }

    @Test func cancellationRequestedWhileRunningArrivesAtNextAwait() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let t = AsyncIO.createTask {
                log.add("start")
                AsyncIO.currentTask()?.cancel()  // asks while running
                log.add("still running")
                do { try await AsyncIO.sleep(0) } catch { log.add("got \(type(of: error))") }
                try await AsyncIO.sleep(0)  // delivered once only
                log.add("after")
            }
            try await t.value
            return log.items
        }
        #expect(events == ["start", "still running", "got CancellationError", "after"])
    }

    @Test func awaitingACancelledWaiterCancelsTheAwaitedTask() async throws {
        try await AsyncIO.runInVirtualTime {
            let inner = AsyncIO.createTask { try await AsyncIO.sleep(10) }
            let outer = AsyncIO.createTask { try await inner.value }
            try await AsyncIO.sleep(1)
            outer.cancel()
            _ = try? await outer.value
            #expect(outer.isCancelled)
            #expect(inner.isCancelled)
        }
    }

    @Test func uncancelTakesARequestBack() async throws {
        try await AsyncIO.runInVirtualTime {
            let t = AsyncIO.createTask { try await AsyncIO.sleep(5) }
            try await AsyncIO.sleep(0)
            t.cancel()
            t.cancel()
            #expect(t.cancelling() == 2)
            #expect(t.uncancel() == 1)
            _ = try? await t.value
        }
    }

    @Test func doneCallbacksRunThroughCallSoonInOrder() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let t = AsyncIO.createTask { 7 }
            t.addDoneCallback { log.add("first \($0.isDone)") }
            t.addDoneCallback { _ in log.add("second") }
            _ = try await t.value
            try await AsyncIO.sleep(0)
            t.addDoneCallback { _ in log.add("late") }  // already done: still via callSoon
            log.add("after add")
            try await AsyncIO.sleep(0)
            return log.items
        }
        #expect(events == ["first true", "second", "after add", "late"])
    }

    @Test func currentTaskAndAllTasks() async throws {
        try await AsyncIO.runInVirtualTime {
            let main = AsyncIO.currentTask()
            #expect(main != nil)
            let t = AsyncIO.createTask(name: "child") { AsyncIO.currentTask()?.name }
            let names = Set(AsyncIO.allTasks().map(\.name))
            #expect(names.contains("child"))
            #expect(main.map { names.contains($0.name) } == true)
            let v = try await t.value
            #expect(v == "child")
            #expect(!AsyncIO.allTasks().contains { $0.name == "child" })
        }
        #expect(AsyncIO.currentTask() == nil)
    }

    @Test func createTaskOutsideALoopFailsCleanly() async {
        let t = AsyncIO.createTask { 1 }
        #expect(t.isDone)
        #expect(throws: NoRunningLoopError.self) { try t.result() }
    }
}

@Suite("Future")
struct FutureTests {
    @Test func setResultWakesWaitersInOrder() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let loop = try AsyncIO.runningLoop()
            let log = Log()
            let fut: Future<Int> = loop.createFuture()
            let waiters = (0..<3).map { i in AsyncIO.createTask { log.add("w\(i) got \(try await fut.value)") } }
            try await AsyncIO.sleep(0)
            try fut.setResult(5)
            #expect(throws: InvalidStateError.self) { try fut.setResult(6) }
            for w in waiters { try await w.value }
            return log.items
        }
        #expect(events == ["w0 got 5", "w1 got 5", "w2 got 5"])
    }

    @Test func errorsAndCancellation() async throws {
        try await AsyncIO.runInVirtualTime {
            let loop = try AsyncIO.runningLoop()
            let f: Future<Int> = loop.createFuture()
            #expect(throws: InvalidStateError.self) { try f.result() }
            try f.setError(Boom())
            await #expect(throws: Boom()) { try await f.value }
            let err = try f.error()
            #expect(err as? Boom == Boom())

            let g: Future<Int> = loop.createFuture()
            #expect(g.cancel())
            #expect(g.isCancelled && g.isDone)
            await #expect(throws: CancellationError.self) { try await g.value }
            #expect(!g.cancel())
        }
    }

    @Test func cancellingTheWaiterCancelsTheFuture() async throws {
        try await AsyncIO.runInVirtualTime {
            let loop = try AsyncIO.runningLoop()
            let f: Future<Int> = loop.createFuture()
            let t = AsyncIO.createTask { try await f.value }
            try await AsyncIO.sleep(1)
            t.cancel()
            _ = try? await t.value
            #expect(f.isCancelled)
            #expect(t.isCancelled)
        }
    }

    @Test func doneCallback() async throws {
        let got = try await AsyncIO.runInVirtualTime {
            let loop = try AsyncIO.runningLoop()
            let f: Future<String> = loop.createFuture()
            let log = Log()
            f.addDoneCallback { log.add((try? $0.result()) ?? "?") }
            try loop.callLater(1) { try? f.setResult("ok") }
            try await AsyncIO.sleep(2)
            return log.items
        }
        #expect(got == ["ok"])
    }
}
