// `yield`: one task gives up the loop N times.
import AsyncIO

/// bench.py's `yield` (asyncio: one task does `await asyncio.sleep(0)` N times). ops = switches/s.
enum Yield {
    static let defaultN = 1_000_000

    /// On the library's loop: the main task of `AsyncIO.run` does `AsyncIO.sleep(0)` N times.
    static func onLoop(_ n: Int) throws -> Measurement {
        try AsyncIO.run {
            let t0 = monotonicNow()
            for _ in 0..<n { try await AsyncIO.sleep(0) }
            return Measurement(seconds: monotonicNow() - t0)
        }
    }

    /// On Swift's default executor: one task does `Task.yield()` N times.
    static func onDefaultExecutor(_ n: Int) throws -> Measurement {
        try DefaultExecutor.run {
            let t0 = monotonicNow()
            for _ in 0..<n { await Task.yield() }
            return Measurement(seconds: monotonicNow() - t0)
        }
    }
}
