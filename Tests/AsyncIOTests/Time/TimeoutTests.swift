import Testing
@testable import AsyncIO

@Suite("timeout, timeoutAt, waitFor")
struct TimeoutTests {
    @Test func expiresWithTimeoutError() async throws {
        try await AsyncIO.runInVirtualTime {
            await #expect(throws: TimeoutError.self) {
                try await AsyncIO.timeout(1) { _ in try await AsyncIO.sleep(5) }
            }
            #expect(now() == 1)
        }
    }

    @Test func finishesInTimeWithItsValue() async throws {
        try await AsyncIO.runInVirtualTime {
            let v = try await AsyncIO.timeout(2) { scope in
                try await AsyncIO.sleep(1)
                #expect(!scope.expired)
                return "ok"
            }
            #expect(v == "ok")
            // The task is not left cancelled.
            try await AsyncIO.sleep(3)
            #expect(now() == 4)
        }
    }

    @Test func rescheduleMovesTheDeadline() async throws {
        try await AsyncIO.runInVirtualTime {
            let loop = try AsyncIO.runningLoop()
            var scopeState = ""
            do {
                try await AsyncIO.timeout(nil) { scope in
                    scope.reschedule(loop.time() + 3)
                    try await AsyncIO.sleep(10)
                }
            } catch is TimeoutError {
                scopeState = "timed out at \(now())"
            }
            #expect(scopeState == "timed out at 3.0")
        }
    }

    @Test func timeoutAtUsesLoopTime() async throws {
        try await AsyncIO.runInVirtualTime {
            let loop = try AsyncIO.runningLoop()
            await #expect(throws: TimeoutError.self) {
                try await AsyncIO.timeoutAt(loop.time() + 0.5) { _ in try await AsyncIO.sleep(1) }
            }
            #expect(now() == 0.5)
        }
    }

    @Test func nestedTimeoutsReportTheOneThatExpired() async throws {
        try await AsyncIO.runInVirtualTime {
            // Inner expires first: the inner scope raises; the outer goes on.
            var log: [String] = []
            try await AsyncIO.timeout(10) { outer in
                do {
                    try await AsyncIO.timeout(1) { _ in try await AsyncIO.sleep(5) }
                } catch is TimeoutError {
                    log.append("inner at \(now())")
                }
                #expect(!outer.expired)
            }
            // Outer expires first: the inner scope lets the cancellation through.
            do {
                try await AsyncIO.timeout(1) { _ in
                    do {
                        try await AsyncIO.timeout(10) { _ in try await AsyncIO.sleep(5) }
                    } catch is TimeoutError {
                        log.append("wrongly reported by the inner scope")
                    }
                }
            } catch is TimeoutError {
                log.append("outer at \(now())")
            }
            #expect(log == ["inner at 1.0", "outer at 2.0"])
        }
    }

    @Test func outerCancellationIsNeverMistakenForATimeout() async throws {
        try await AsyncIO.runInVirtualTime {
            let t = AsyncIO.createTask {
                try await AsyncIO.timeout(5) { _ in try await AsyncIO.sleep(10) }
            }
            try await AsyncIO.sleep(1)
            t.cancel()
            await #expect(throws: CancellationError.self) { try await t.value }
            #expect(t.isCancelled)
        }
    }

    @Test func swallowedCancellationDoesNotBecomeATimeout() async throws {
        try await AsyncIO.runInVirtualTime {
            let v = try await AsyncIO.timeout(1) { scope in
                do { try await AsyncIO.sleep(5) } catch is CancellationError {}
                #expect(scope.expired)
                return "kept going"
            }
            #expect(v == "kept going")
        }
    }

    @Test func waitForTimesOut() async throws {
        try await AsyncIO.runInVirtualTime {
            await #expect(throws: TimeoutError.self) {
                try await AsyncIO.waitFor(timeout: 0.5) { try await AsyncIO.sleep(1) }
            }
            let v = try await AsyncIO.waitFor(timeout: 2) { () async throws -> Int in
                try await AsyncIO.sleep(1)
                return 9
            }
            #expect(v == 9)
        }
    }

    @Test func timeoutCancelsAGatherAndItsChildren() async throws {
        try await AsyncIO.runInVirtualTime {
            let log = Log()
            await #expect(throws: TimeoutError.self) {
                try await AsyncIO.timeout(1) { _ in
                    _ = try await AsyncIO.gather({
                        do { try await AsyncIO.sleep(9) } catch { log.add("child cancelled"); throw error }
                    })
                }
            }
            #expect(log.items == ["child cancelled"])
        }
    }

    @Test func timeoutWorksInASwiftTaskTheLibraryDidNotCreate() async throws {
        try await AsyncIO.runInVirtualTime {
            let loop = try AsyncIO.runningLoop()
            let t = Task(executorPreference: loop.taskExecutor) { () -> String in
                do {
                    try await AsyncIO.timeout(1) { _ in try await AsyncIO.sleep(3) }
                    return "no timeout"
                } catch is TimeoutError {
                    return "timeout"
                } catch {
                    return "\(error)"
                }
            }
            #expect(await t.value == "timeout")
        }
    }
}
