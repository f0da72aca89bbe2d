// `lock`: tasks contending for one Lock, yielding while they hold it.
import AsyncIO

/// Ours only (bench.py has no lock workload; `scripts/lock_contention.py` is the same
/// program for asyncio and uvloop): 10 tasks each take one `Lock` N/10 times and
/// `sleep(0)` while holding it, so every acquisition after the first waits in the queue
/// and is handed over FIFO. ops = acquisitions/s.
enum LockContention {
    static let defaultN = 200_000
    static let tasks = 10

    static func onLoop(_ n: Int) throws -> Measurement {
        try AsyncIO.run {
            let lock = Lock()
            let per = n / tasks
            let t0 = monotonicNow()
            let counts = try await AsyncIO.gather((0..<tasks).map { _ in
                { @Sendable () async throws -> Int in
                    var got = 0
                    for _ in 0..<per {
                        try await lock.withLock {
                            got += 1
                            try await AsyncIO.sleep(0)
                        }
                    }
                    return got
                }
            })
            let dt = monotonicNow() - t0
            guard counts.reduce(0, +) == per * tasks else { throw BenchFailure("lost an acquisition") }
            return Measurement(seconds: dt, extra: [("tasks", .int(tasks))])
        }
    }
}
