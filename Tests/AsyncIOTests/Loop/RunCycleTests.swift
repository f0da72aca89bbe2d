import Testing
@testable import AsyncIO

/// Holds the loop's thread for `seconds` of real time (a job that computes).
func spin(_ seconds: Double) {
    let end = Posix.monotonicSeconds() + seconds
    while Posix.monotonicSeconds() < end {}
}

@Suite("Run cycle: order under a burst on the real clock")
struct RunCycleTests {
    @Test func aTimerNeverRunsAheadOfTimersDueEarlier() async throws {
        // 2,000 callbacks due at 1 ms, each computing for 10 µs, and a sleeper due at 5 ms
        // or later: the sleeper wakes after all of them. (Old code fired it in the middle
        // of their pass, ahead of callbacks due earlier.)
        let (ranBefore, total) = try await AsyncIO.runOnNewThread { () -> (Int, Int) in
            let loop = try AsyncIO.runningLoop()
            let counter = Log()
            let due = loop.time() + 0.001
            for _ in 0..<2_000 {
                try loop.callAt(due) {
                    spin(0.00001)
                    counter.add("")
                }
            }
            let sleeper = AsyncIO.createTask { () -> Int in
                try await AsyncIO.sleep(0.005)
                return counter.items.count
            }
            let ranBefore = try await sleeper.value
            try await AsyncIO.sleep(0.01)
            return (ranBefore, counter.items.count)
        }
        #expect(total == 2_000)
        #expect(ranBefore == 2_000)
    }

    /// 200 tasks start in one pass and compute for 100 µs each; a timer set to 5 ms
    /// before the pass becomes due in its middle. Returns how many tasks ran before it.
    static func tasksBeforeTheTimer(debug: Bool) async throws -> Int {
        try await AsyncIO.runOnNewThread(debug: debug) { () -> Int in
            let loop = try AsyncIO.runningLoop()
            loop.slowCallbackDuration = 10  // no slow-job reports
            let log = Log()
            var tasks: [LoopTask<Void>] = []
            for _ in 0..<200 {
                tasks.append(AsyncIO.createTask { () async -> Void in
                    spin(0.0001)
                    log.add("task")
                })
            }
            try loop.callLater(0.005) { log.add("timer") }
            for t in tasks { try await t.value }
            return log.items.firstIndex(of: "timer") ?? -1
        }
    }

    @Test func aTimerDueInTheMiddleOfALongPassFiresThereInBothModes() async throws {
        // Punctuality: every `pollEveryJobs` jobs of a long pass, timers now due fire. At
        // 100 µs a task the 5 ms timer is due by the first check, after 64 tasks.
        let normal = try await Self.tasksBeforeTheTimer(debug: false)
        let debug = try await Self.tasksBeforeTheTimer(debug: true)
        #expect(normal == LoopConstants.pollEveryJobs)
        // Debug mode observes; it must not reorder (old code skipped the mid-pass firing).
        #expect(debug == normal)
    }
}
