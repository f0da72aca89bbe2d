// `wait`: N tasks that each yield once, and one `AsyncIO.wait` over all of them.
import AsyncIO

/// Ours (issue 9): N tasks that each `sleep(0)` once, then one `AsyncIO.wait` (all
/// completed) over the N. `seconds` = creating the tasks + the wait; `wait_s` = the wait
/// alone. Linear means the time at 10×N is about 10× the time at N (it was quadratic:
/// every completion rescanned the N tasks). asyncio twin:
/// `await asyncio.wait([asyncio.create_task(asyncio.sleep(0)) for _ in range(n)])`.
/// ops = tasks/s.
enum WaitBench {
    static let defaultN = 100_000

    static func onLoop(_ n: Int) throws -> Measurement {
        try AsyncIO.run {
            let t0 = monotonicNow()
            let tasks = (0..<n).map { _ in AsyncIO.createTask { try await AsyncIO.sleep(0) } }
            let t1 = monotonicNow()
            let (done, pending) = try await AsyncIO.wait(tasks)
            let t2 = monotonicNow()
            guard done.count == n, pending.isEmpty else {
                throw BenchFailure("wait returned \(done.count) done, \(pending.count) pending of \(n)")
            }
            return Measurement(seconds: t2 - t0, extra: [("wait_s", .number(t2 - t1))])
        }
    }
}
