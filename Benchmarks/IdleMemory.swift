// `idle_memory`: what a task costs while it waits.
import AsyncIO
import Synchronization

/// bench.py's `idle_memory`: N tasks wait on one shared event; VmRSS before spawning vs
/// once all of them wait, divided by N (`rss_per_task_bytes`). The library has no `Event`
/// yet, so they all await one `Future<Void>` (an asyncio Event's `wait()` is itself a
/// future per waiter; here the waiter is the library's `Waiter`). `seconds` is the time
/// to get all N waiting.
enum IdleMemory {
    static let defaultN = 100_000

    /// Counts the tasks that started (bench.py's `nonlocal started`).
    private final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    static func onLoop(_ n: Int) throws -> Measurement {
        try AsyncIO.run {
            let loop = try AsyncIO.runningLoop()
            let event: Future<Void> = loop.createFuture()
            let started = Counter()
            let before = rssBytes()
            let t0 = monotonicNow()
            let tasks = (0..<n).map { _ in
                AsyncIO.createTask { () async throws -> Void in
                    started.value.add(1, ordering: .relaxed)
                    try await event.value
                }
            }
            while started.value.load(ordering: .relaxed) < n { try await AsyncIO.sleep(0) }
            let dt = monotonicNow() - t0
            let after = rssBytes()
            try event.setResult(())
            _ = try await AsyncIO.gather(tasks)
            return Measurement(
                seconds: dt, extra: [("rss_per_task_bytes", .number(Double(after - before) / Double(n)))])
        }
    }
}
