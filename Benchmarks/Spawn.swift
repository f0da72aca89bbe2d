// `spawn`: create N tasks that each yield once and return their index; await them all.
import AsyncIO

/// bench.py's `spawn` (asyncio: `create_task` × N + `gather`). ops = tasks/s.
enum Spawn {
    static let defaultN = 200_000

    /// On the library's loop: `AsyncIO.createTask` + `AsyncIO.gather`.
    static func onLoop(_ n: Int) throws -> Measurement {
        try AsyncIO.run {
            let t0 = monotonicNow()
            let tasks = (0..<n).map { i in
                AsyncIO.createTask { () async throws -> Int in
                    try await AsyncIO.sleep(0)
                    return i
                }
            }
            let results = try await AsyncIO.gather(tasks)
            let dt = monotonicNow() - t0
            try checkSum(results.reduce(0, +), n)
            return Measurement(seconds: dt)
        }
    }

    /// On Swift's default executor: plain `Task {}` handles, each `Task.yield()` once,
    /// awaited in order (the fastest plain-Swift form; `TaskGroup` is slower).
    static func onDefaultExecutor(_ n: Int) throws -> Measurement {
        try DefaultExecutor.run {
            let t0 = monotonicNow()
            let tasks = (0..<n).map { i in
                Task { () async -> Int in
                    await Task.yield()
                    return i
                }
            }
            var sum = 0
            for t in tasks { sum += await t.value }
            let dt = monotonicNow() - t0
            try checkSum(sum, n)
            return Measurement(seconds: dt)
        }
    }

    private static func checkSum(_ sum: Int, _ n: Int) throws {
        guard sum == n * (n - 1) / 2 else { throw BenchFailure("spawn: wrong sum \(sum)") }
    }
}
