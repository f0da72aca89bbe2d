// `to_thread`: N trivial calls on the thread pool, 100 callers at a time.
import AsyncIO

/// bench.py's `to_thread` (asyncio: `await asyncio.to_thread(int, 1)`, split over 100
/// concurrent workers; the default pool, `min(32, cores + 4)` threads). ops = calls/s.
enum ToThreadBench {
    static let defaultN = 20_000
    static let concurrency = 100

    static func onLoop(_ n: Int) throws -> Measurement {
        try AsyncIO.run {
            let loop = try AsyncIO.runningLoop()
            let shares = (0..<concurrency).map { i in n / concurrency + (i < n % concurrency ? 1 : 0) }
            let t0 = monotonicNow()
            let sums = try await AsyncIO.gather(shares.map { k in
                { @Sendable () async throws -> Int in
                    var s = 0
                    for _ in 0..<k { s += try await AsyncIO.toThread { 1 } }
                    return s
                }
            })
            let dt = monotonicNow() - t0
            let total = sums.reduce(0, +)
            guard total == n else { throw BenchFailure("to_thread summed \(total), expected \(n)") }
            return Measurement(seconds: dt, extra: [
                ("concurrency", .int(concurrency)),
                ("threads", .int(loop.defaultThreadPool().threadCount)),
            ])
        }
    }
}
