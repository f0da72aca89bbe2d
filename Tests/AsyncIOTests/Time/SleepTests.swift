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
