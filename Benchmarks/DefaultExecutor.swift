// Running a workload on Swift's default global executor, for comparison.
import AsyncIO
import Dispatch
import Synchronization

/// Runs async work on Swift's default executor (the cooperative thread pool) from
/// synchronous code, blocking the calling thread until it is done.
///
/// The `asyncio` command installs the loop as the process's default executor on its first
/// `AsyncIO.run`, so a process measuring the default executor must never call `AsyncIO.run`.
/// `run` checks before timing that a plain `Task {}` really lands on the pool: off the main
/// thread and with no running loop.
enum DefaultExecutor {
    private final class Slot<T: Sendable>: Sendable {
        let result = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
    }

    static func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) throws -> T {
        let slot = Slot<T>()
        Task.detached {
            let outcome: Result<T, any Error>
            do {
                try await checkOnPool()
                outcome = .success(try await body())
            } catch {
                outcome = .failure(error)
            }
            slot.result.withLock { $0 = outcome }
            slot.done.signal()
        }
        slot.done.wait()
        guard let outcome = slot.result.withLock({ $0 }) else {
            throw BenchFailure("default executor: no result")
        }
        return try outcome.get()
    }

    /// Throws unless a plain `Task {}` runs on a pool thread with no event loop.
    private static func checkOnPool() async throws {
        let onPool = await Task { () async -> Bool in
            !onMainThread() && (try? AsyncIO.runningLoop()) == nil
        }.value
        guard onPool else {
            throw BenchFailure("swift-default: Task {} does not run on Swift's cooperative pool")
        }
    }
}
