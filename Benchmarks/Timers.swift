// `timers`: N concurrent sleeps of random length, and how late each one wakes.
import AsyncIO

/// bench.py's `timers`: N tasks each sleep a delay drawn from `random.Random(12345)`
/// (uniform 0..1 s, the very same values); lateness = wake time − (time the task started
/// sleeping + delay), on the loop's clock (`CLOCK_MONOTONIC`, as `time.monotonic()`).
/// `seconds` is the wall time of the whole run; ops = timers/s of that wall time.
enum Timers {
    static let defaultN = 100_000
    static let seed: UInt64 = 12345

    /// The delays bench.py sleeps, in order.
    static func delays(_ n: Int) -> [Double] {
        var rng = PythonRandom(seed: seed)
        return (0..<n).map { _ in rng.random() }
    }

    /// On the library's loop: `AsyncIO.createTask` × N, each `AsyncIO.sleep(d)`, then
    /// `AsyncIO.gather`. Each task returns its lateness (asyncio appends it to a list).
    static func onLoop(_ n: Int) throws -> Measurement {
        let delays = delays(n)
        return try AsyncIO.run {
            let loop = try AsyncIO.runningLoop()
            let t0 = monotonicNow()
            let tasks = delays.map { d in
                AsyncIO.createTask { () async throws -> Double in
                    let due = loop.time() + d
                    try await AsyncIO.sleep(d)
                    return loop.time() - due
                }
            }
            let late = try await AsyncIO.gather(tasks)
            return Measurement(seconds: monotonicNow() - t0, extra: latenessStats(late))
        }
    }
}
