import Testing
@testable import AsyncIO

@Suite("sleep")
struct SleepTests {
    @Test func sleepZeroRoundRobins() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let tasks = ["a", "b", "c"].map { name in
                AsyncIO.createTask {
                    for i in 0..<3 {
                        log.add("\(name)\(i)")
                        try await AsyncIO.sleep(0)
                    }
                }
            }
            for t in tasks { try await t.value }
            return log.items
        }
        #expect(events == ["a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2"])
    }

    // sleep(0) is one trip through the ready queue, as in asyncio: what became ready
    // meanwhile (a callback queued by a callback, a task woken by an Event) runs after
    // the task, not before. CPython 3.11 prints the transcript below for:
    //     def cb1():
    //         log.append("cb1")
    //         loop.call_soon(lambda: log.append("cb2"))
    //     loop.call_soon(cb1)
    //     await asyncio.sleep(0)
    //     log.append("main")
    //     await asyncio.sleep(0)
    //     ev = asyncio.Event()
    //     async def waiter():
    //         await ev.wait()
    //         log.append("waiter woke")
    //     async def setter():
    //         await asyncio.sleep(0)
    //         ev.set()
    //         log.append("set")
    //     t1 = asyncio.create_task(waiter()); t2 = asyncio.create_task(setter())
    //     await asyncio.sleep(0)
    //     await asyncio.sleep(0)
    //     log.append("main after two sleep(0)")
    //     await asyncio.gather(t1, t2)
    @Test func sleepZeroTakesExactlyOnePass() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let loop = try AsyncIO.runningLoop()
            try loop.callSoon {
                log.add("cb1")
                _ = try? loop.callSoon { log.add("cb2") }
            }
            try await AsyncIO.sleep(0)
            log.add("main")
            try await AsyncIO.sleep(0)
            let ev = Event()
            let t1 = AsyncIO.createTask {
                try await ev.wait()
                log.add("waiter woke")
            }
            let t2 = AsyncIO.createTask {
                try await AsyncIO.sleep(0)
                ev.set()
                log.add("set")
            }
            try await AsyncIO.sleep(0)
            try await AsyncIO.sleep(0)
            log.add("main after two sleep(0)")
            try await t1.value
            try await t2.value
            return log.items
        }
        #expect(events == ["cb1", "main", "cb2", "set", "main after two sleep(0)", "waiter woke"])
    }

    @Test func sleepTakesTheLoopsTime() async throws {
        let t = try await AsyncIO.runInVirtualTime {
            try await AsyncIO.sleep(1.25)
            try await AsyncIO.sleep(for: .milliseconds(750))
            return now()
        }
        #expect(t == 2)
    }

    @Test func realClockSleepsForReal() async throws {
        // One real-time check: the monotonic clock moves by at least the delay.
        let elapsed = try await AsyncIO.runOnNewThread {
            let start = now()
            try await AsyncIO.sleep(0.05)
            return now() - start
        }
        #expect(elapsed >= 0.05)
    }

    @Test func cancellingASleepRemovesItsTimer() async throws {
        try await AsyncIO.runInVirtualTime {
            let loop = try AsyncIO.runningLoop()
            let t = AsyncIO.createTask { try await AsyncIO.sleep(1000) }
            try await AsyncIO.sleep(0)
            #expect(loop.timers.liveCount == 1)
            t.cancel()
            #expect(loop.timers.liveCount == 0)
            _ = try? await t.value
        }
    }

    @Test func sleepOutsideALoopThrows() async {
        await #expect(throws: NoRunningLoopError.self) { try await AsyncIO.sleep(0.01) }
    }
}
