import Testing
@testable import AsyncIO

@Suite("VirtualClock")
struct VirtualClockTests {
    @Test func anHourOfSleepTakesNoTime() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let t = try await AsyncIO.runInVirtualTime {
            try await AsyncIO.sleep(3600)
            return now()
        }
        #expect(t == 3600)
        #expect(clock.now - start < .seconds(2))
    }

    @Test func seedGatherOfThreeOneTwoEndsAtExactlyThree() async throws {
        // The tutorials' gather example, under virtual time.
        let (lines, end) = try await AsyncIO.runInVirtualTime {
            let log = Log()
            func work(_ name: String, _ d: Double) async throws -> String {
                log.add("\(name) starting")
                try await AsyncIO.sleep(d)
                log.add("\(name) done at \(now())")
                return name
            }
            let r = try await AsyncIO.gather({ try await work("A", 3) }, { try await work("B", 1) }, { try await work("C", 2) })
            log.add("\(r)")
            return (log.items, now())
        }
        #expect(end == 3)
        #expect(lines == [
            "A starting", "B starting", "C starting", "B done at 1.0", "C done at 2.0", "A done at 3.0",
            "(\"A\", \"B\", \"C\")",
        ])
    }

    @Test func sameTranscriptEveryRun() async throws {
        func scenario() async throws -> [String] {
            try await AsyncIO.runInVirtualTime {
                let log = Log()
                var tasks: [LoopTask<Void>] = []
                for i in 0..<20 {
                    tasks.append(AsyncIO.createTask {
                        try await AsyncIO.sleep(Double(i % 4) * 0.5)
                        log.add("\(i)@\(now())")
                    })
                }
                for t in tasks { try await t.value }
                return log.items
            }
        }
        let first = try await scenario()
        for _ in 0..<3 { #expect(try await scenario() == first) }
        #expect(first.prefix(5) == ["0@0.0", "4@0.0", "8@0.0", "12@0.0", "16@0.0"])
    }

    @Test func callLaterAndCallAtUseVirtualTime() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let loop = try AsyncIO.runningLoop()
            let log = Log()
            try loop.callLater(100) { log.add("later@\(loop.time())") }
            try loop.callAt(50) { log.add("at@\(loop.time())") }
            try await AsyncIO.sleep(200)
            return log.items
        }
        #expect(events == ["at@50.0", "later@100.0"])
    }

    @Test func manualAdvance() async throws {
        let clock = VirtualClock(autojump: false)
        let events = try await AsyncIO.runOnNewThread(clock: .virtual(clock)) {
            let log = Log()
            let t = AsyncIO.createTask { try await AsyncIO.sleep(10); log.add("woke at \(now())") }
            try await AsyncIO.sleep(0)
            clock.advance(by: 4)
            try await AsyncIO.sleep(0)
            log.add("at \(now()) still waiting=\(!t.isDone)")
            clock.advance(by: .seconds(6))
            try await t.value
            return log.items
        }
        #expect(events == ["at 4.0 still waiting=true", "woke at 10.0"])
    }

    @Test func deadlockIsReportedNamingTheStuckTasks() async throws {
        do {
            try await AsyncIO.runInVirtualTime {
                let loop = try AsyncIO.runningLoop()
                let never: Future<Int> = loop.createFuture()
                let stuck = AsyncIO.createTask(name: "stuck-waiter") { try await never.value }
                _ = try await stuck.value
            }
            Issue.record("expected a DeadlockError")
        } catch let e as DeadlockError {
            #expect(e.pendingTasks.contains { $0.contains("stuck-waiter") })
            #expect("\(e)".contains("stuck-waiter"))
        }
    }

    @Test func autojumpWaitsForTheThresholdBeforeJumping() async throws {
        let clock = ContinuousClock()
        let start = clock.now
        let t = try await AsyncIO.runInVirtualTime(autojumpThreshold: 0.05) {
            try await AsyncIO.sleep(1000)
            return now()
        }
        #expect(t == 1000)
        #expect(clock.now - start >= .milliseconds(50))
    }

    @Test func timeoutsAndWaitsRunOnVirtualTime() async throws {
        try await AsyncIO.runInVirtualTime {
            await #expect(throws: TimeoutError.self) {
                try await AsyncIO.waitFor(timeout: 30) { try await AsyncIO.sleep(60) }
            }
            #expect(now() == 30)
            let t = AsyncIO.createTask { try await AsyncIO.sleep(100) }
            let (_, pending) = try await AsyncIO.wait([t], timeout: 20)
            #expect(pending.count == 1 && now() == 50)
            t.cancel()
        }
    }
}
