import Testing
@testable import AsyncIO

@Suite("wait, asCompleted, shield")
struct WaitTests {
    @Test func waitFirstCompleted() async throws {
        try await AsyncIO.runInVirtualTime {
            let tasks = [3.0, 1.0, 2.0].map { d in AsyncIO.createTask { try await AsyncIO.sleep(d); return d } }
            let (done, pending) = try await AsyncIO.wait(tasks, returnWhen: .firstCompleted)
            let values = try done.map { try $0.result() }
            #expect(values == [1.0])
            #expect(pending.count == 2)
            #expect(now() == 1)
            let (all, none) = try await AsyncIO.wait(tasks)
            #expect(all.count == 3 && none.isEmpty && now() == 3)
        }
    }

    @Test func waitWithTimeoutReturnsPendingWithoutCancelling() async throws {
        try await AsyncIO.runInVirtualTime {
            let tasks = [1.0, 5.0].map { d in AsyncIO.createTask { try await AsyncIO.sleep(d) } }
            let (done, pending) = try await AsyncIO.wait(tasks, timeout: 2)
            #expect(done.count == 1 && pending.count == 1 && now() == 2)
            #expect(!pending[0].isCancelled)
            try await pending[0].value
        }
    }

    @Test func waitFirstException() async throws {
        try await AsyncIO.runInVirtualTime {
            let a = AsyncIO.createTask { try await AsyncIO.sleep(1); throw Boom() }
            let b = AsyncIO.createTask { try await AsyncIO.sleep(4) }
            let (done, pending) = try await AsyncIO.wait([a, b], returnWhen: .firstException)
            #expect(done.count == 1 && pending.count == 1 && now() == 1)
            _ = try? a.result()
            b.cancel()
        }
    }

    @Test func asCompletedYieldsInCompletionOrder() async throws {
        let order = try await AsyncIO.runInVirtualTime {
            let tasks = [3.0, 1.0, 2.0].map { d in AsyncIO.createTask { try await AsyncIO.sleep(d); return d } }
            var order: [Double] = []
            for try await t in AsyncIO.asCompleted(tasks) { order.append(try t.result()) }
            return order
        }
        #expect(order == [1, 2, 3])
    }

    @Test func asCompletedTimesOut() async throws {
        try await AsyncIO.runInVirtualTime {
            let tasks = [1.0, 10.0].map { d in AsyncIO.createTask { try await AsyncIO.sleep(d); return d } }
            var got: [Double] = []
            do {
                for try await t in AsyncIO.asCompleted(tasks, timeout: 2) { got.append(try t.result()) }
                Issue.record("expected a timeout")
            } catch is TimeoutError {
                #expect(now() == 2)
            }
            #expect(got == [1])
            tasks[1].cancel()
        }
    }

    @Test func shieldProtectsTheInnerTask() async throws {
        try await AsyncIO.runInVirtualTime {
            let inner = AsyncIO.createTask { try await AsyncIO.sleep(3); return "saved" }
            let outer = AsyncIO.createTask { try await AsyncIO.shield(inner) }
            try await AsyncIO.sleep(1)
            outer.cancel()
            await #expect(throws: CancellationError.self) { try await outer.value }
            #expect(now() == 1)
            #expect(!inner.isDone)
            let v = try await inner.value
            #expect(v == "saved")
        }
    }

    @Test func emptyInputIsAValueError() async throws {
        try await AsyncIO.runInVirtualTime {
            let error = await #expect(throws: ValueError.self) { _ = try await AsyncIO.wait([LoopTask<Int>]()) }
            #expect(error?.description.contains("empty") == true)
        }
    }

    @Test func firstExceptionDoesNotCountCancelledTasks() async throws {
        try await AsyncIO.runInVirtualTime {
            let cancelled = AsyncIO.createTask { try await AsyncIO.sleep(10) }
            let failing = AsyncIO.createTask { () -> Void in
                try await AsyncIO.sleep(2)
                throw Boom()
            }
            let slow = AsyncIO.createTask { try await AsyncIO.sleep(5) }
            _ = AsyncIO.createTask {
                try await AsyncIO.sleep(1)
                cancelled.cancel()
            }
            let (done, pending) = try await AsyncIO.wait([cancelled, failing, slow], returnWhen: .firstException)
            #expect(now() == 2)
            #expect(done.count == 2 && pending.count == 1 && pending.first === slow)
            _ = try? failing.result()
            slow.cancel()
        }
    }

    @Test func firstExceptionWithOnlyCancellationsWaitsForAll() async throws {
        try await AsyncIO.runInVirtualTime {
            let a = AsyncIO.createTask { try await AsyncIO.sleep(10) }
            let b = AsyncIO.createTask { try await AsyncIO.sleep(3) }
            _ = AsyncIO.createTask {
                try await AsyncIO.sleep(1)
                a.cancel()
            }
            let (done, pending) = try await AsyncIO.wait([a, b], returnWhen: .firstException)
            #expect(now() == 3 && done.count == 2 && pending.isEmpty)
        }
    }

    @Test func aTaskListedTwiceIsCountedForEachEntry() async throws {
        try await AsyncIO.runInVirtualTime {
            let a = AsyncIO.createTask { try await AsyncIO.sleep(1) }
            let b = AsyncIO.createTask { try await AsyncIO.sleep(2) }
            let (done, pending) = try await AsyncIO.wait([a, b, a])
            #expect(now() == 2 && done.count == 3 && pending.isEmpty)
        }
    }

    @Test func tenThousandTasksAllCompleted() async throws {
        let sum = try await AsyncIO.runInVirtualTime {
            let tasks = (0..<10_000).map { i in
                AsyncIO.createTask { () -> Int in
                    try await AsyncIO.sleep(0)
                    return i
                }
            }
            let (done, pending) = try await AsyncIO.wait(tasks)
            #expect(pending.isEmpty)
            return try done.reduce(0) { $0 + (try $1.result()) }
        }
        #expect(sum == 10_000 * 9_999 / 2)
    }
}

/// A wait that ends before the tasks do takes back its observers and its timer (asyncio
/// removes its done callbacks in `_wait`'s `finally`): nothing piles up on a long-lived
/// task however often it is polled.
@Suite("waits leave nothing behind")
struct WaitCleanupTests {
    @Test func pollingAPendingTaskTenThousandTimesLeavesNoListener() async throws {
        try await AsyncIO.runInVirtualTime {
            let loop = try AsyncIO.runningLoop()
            let ev = Event()
            let long = AsyncIO.createTask { try await ev.wait() }
            var stillPending = 0
            for _ in 0..<10_000 {
                let (_, pending) = try await AsyncIO.wait([long], timeout: 0)
                stillPending += pending.count
            }
            #expect(stillPending == 10_000)
            #expect(long.listenerCount == 0)
            #expect(long.completion.listenerSlots == 0)
            #expect(loop.timers.liveCount == 0)
            ev.set()
            try await long.value
        }
    }

    @Test func firstCompletedStopsObservingTheOthers() async throws {
        try await AsyncIO.runInVirtualTime {
            let ev = Event()
            let fast = AsyncIO.createTask { try await AsyncIO.sleep(1) }
            let slow = AsyncIO.createTask { try await ev.wait() }
            let (done, _) = try await AsyncIO.wait([fast, slow], returnWhen: .firstCompleted)
            #expect(done.count == 1)
            #expect(slow.listenerCount == 0)
            ev.set()
        }
    }

    @Test func aCancelledWaitTakesBackItsTimerAndObservers() async throws {
        try await AsyncIO.runInVirtualTime {
            let loop = try AsyncIO.runningLoop()
            let ev = Event()
            let long = AsyncIO.createTask { try await ev.wait() }
            let waiter = AsyncIO.createTask { try await AsyncIO.wait([long], timeout: 100) }
            try await AsyncIO.sleep(1)
            #expect(long.listenerCount == 1 && loop.timers.liveCount == 1)
            waiter.cancel()
            await #expect(throws: CancellationError.self) { _ = try await waiter.value }
            #expect(long.listenerCount == 0)
            #expect(loop.timers.liveCount == 0)
            #expect(now() == 1)
            ev.set()
            try await long.value
        }
    }

    @Test func cancelledShieldAwaitersLeaveNoObserver() async throws {
        try await AsyncIO.runInVirtualTime {
            let ev = Event()
            let inner = AsyncIO.createTask { () -> String in
                try await ev.wait()
                return "saved"
            }
            for _ in 0..<1_000 {
                let outer = AsyncIO.createTask { try await AsyncIO.shield(inner) }
                try await AsyncIO.sleep(0)
                outer.cancel()
                _ = try? await outer.value
            }
            #expect(inner.listenerCount == 0)
            ev.set()
            #expect(try await inner.value == "saved")
        }
    }

    @Test func anAbandonedOrTimedOutAsCompletedStopsObserving() async throws {
        try await AsyncIO.runInVirtualTime {
            let loop = try AsyncIO.runningLoop()
            let ev = Event()
            let fast = AsyncIO.createTask { try await AsyncIO.sleep(1) }
            let slow = AsyncIO.createTask { try await ev.wait() }
            for try await _ in AsyncIO.asCompleted([fast, slow]) { break }
            #expect(slow.listenerCount == 0)
            do {
                for try await _ in AsyncIO.asCompleted([slow], timeout: 1) {}
                Issue.record("expected a timeout")
            } catch is TimeoutError {}
            #expect(slow.listenerCount == 0)
            #expect(loop.timers.liveCount == 0)
            ev.set()
            try await slow.value
        }
    }
}
