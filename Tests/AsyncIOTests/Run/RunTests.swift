import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import AsyncIO

@Suite("run, Runner, debug mode")
struct RunTests {
    @Test func runReturnsTheValueAndRethrows() async throws {
        #expect(try await AsyncIO.runOnNewThread { 5 } == 5)
        await #expect(throws: Boom("main")) {
            try await AsyncIO.runOnNewThread { () async throws -> Int in throw Boom("main") }
        }
    }

    @Test func runCancelsAndAwaitsTasksStillPending() async throws {
        let log = Log()
        try await AsyncIO.runInVirtualTime {
            AsyncIO.createTask {
                do { try await AsyncIO.sleep(100) } catch {
                    log.add("leftover cancelled")
                    throw error
                }
            }
            try await AsyncIO.sleep(1)
        }
        #expect(log.items == ["leftover cancelled"])
    }

    @Test func runServesTheLoopWhileThePoolsRunningJobsFinish() async throws {
        // A thread job still running when the main task ends asks the loop for something.
        // asyncio.run shuts the default executor down while the loop still runs; a loop
        // stopped first would leave the job (and run) waiting forever.
        let answer = Log()
        let start = Posix.monotonicSeconds()
        for clock in [LoopClock.monotonic, .virtual] {
            try await AsyncIO.runOnNewThread(clock: clock) {
                let loop = try AsyncIO.runningLoop()
                let started = Counter()
                AsyncIO.createTask {
                    try await AsyncIO.toThread {
                        started.value.store(1, ordering: .releasing)
                        blockingSleep(0.05)
                        let v = try? loop.submit { 42 }.wait(timeout: 3)
                        answer.add("\(v.map(String.init) ?? "timed out")")
                    }
                }
                // The main task ends while the job runs.
                while started.value.load(ordering: .acquiring) == 0 { try await AsyncIO.sleep(0) }
            }
        }
        // (`answer` is written on pool threads, one after the other, and read after both
        // runs returned, which waited for those threads.)
        #expect(answer.items == ["42", "42"])
        #expect(Posix.monotonicSeconds() - start < 2)
    }

    @Test func runnerRunsSeveralClosuresOnOneLoop() async throws {
        let ok = try await withUnsafeThrowingContinuation { (c: UnsafeContinuation<Bool, any Error>) in
            do {
                try startThread {
                    c.resume(with: Result {
                        let runner = try Runner(clock: .virtual)
                        let a = try runner.run { try await AsyncIO.sleep(5); return now() }
                        let b = try runner.run { try await AsyncIO.sleep(5); return now() }
                        let loop = runner.loop
                        let sameLoop = try runner.run { try AsyncIO.runningLoop() === loop }
                        try runner.close()
                        let closedError = (try? runner.run { 1 }) == nil
                        return a == 5 && b == 10 && sameLoop && closedError && runner.loop.isClosed
                    })
                }
            } catch { c.resume(throwing: error) }
        }
        #expect(ok)
    }

    @Test func debugModeReportsASlowJobWithTheTaskName() async throws {
        let reports = try await AsyncIO.runOnNewThread(debug: true) {
            let loop = try AsyncIO.runningLoop()
            let log = Log()
            loop.slowCallbackDuration = 0.02
            loop.debugObserver.onSlowCallback = { name, took in log.add("\(name ?? "-") \(took >= 0.02)") }
            let t = AsyncIO.createTask(name: "hog") {
                // Blocks the loop's thread, as time.sleep() would in asyncio.
                var ts = timespec(tv_sec: 0, tv_nsec: 50_000_000)
                nanosleep(&ts, nil)
            }
            try await t.value
            return log.items
        }
        #expect(reports.contains("hog true"))
    }

    @Test func debugFlagIsOnForTheLoop() async throws {
        let on = try await AsyncIO.runOnNewThread(debug: true) { try AsyncIO.runningLoop().debug }
        #expect(on)
    }
}

@Suite("whole-program mode")
struct WholeProgramTests {
    @Test func nestedRunInsideTheProcessLoopThrowsInsteadOfTrapping() throws {
        // The `asyncio` executable runs whole-program mode; `tour nested_run_raises`
        // calls AsyncIO.run inside a running loop and must print the error, not crash.
        let exe = try #require(builtExecutable("asyncio"))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: exe)
        p.arguments = ["tour", "nested_run_raises"]
        p.environment = ["ASYNCIO_TIME_SCALE": "0.01"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(text.contains("cannot be called from a running event loop"))
    }
}

@Suite("run on one thread, one loop after another")
struct SequentialRunsTests {
    @Test func secondRunOnTheSameThreadDoesNotSeeTheFreedLoop() async throws {
        // Each AsyncIO.run closes and frees its loop; the thread's running-loop pointer
        // must not point at it afterwards (it did: a use-after-free in the next run).
        let values = try await withUnsafeThrowingContinuation { (c: UnsafeContinuation<[Int], any Error>) in
            do {
                try startThread {
                    c.resume(with: Result {
                        var out: [Int] = []
                        for i in 0..<5 {
                            out.append(try AsyncIO.run { try await AsyncIO.sleep(0); return i })
                            #expect((try? AsyncIO.runningLoop()) == nil)
                        }
                        return out
                    })
                }
            } catch { c.resume(throwing: error) }
        }
        #expect(values == [0, 1, 2, 3, 4])
    }
}
