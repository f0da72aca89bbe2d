import AsyncIO

/// Seed 002, "Practical example — concurrent tasks": two tasks interleave their output
/// 1 2 3 4 5, in order, reliably, with no locks.
/// Python twin: `python/concurrent_tasks.py`.
public enum ConcurrentTasks {
    static func printValues(_ values: [Int], _ delay: Double) async throws -> Double {
        for item in values {
            print(item)
            try await AsyncIO.sleep(scaled(delay))
        }
        return delay
    }

    public static func run() throws {
        try AsyncIO.run {
            let task1 = AsyncIO.createTask { try await printValues([1, 3, 5], 0.2) }
            let task2 = AsyncIO.createTask { try await printValues([2, 4], 0.3) }
            _ = try await task1.value
            _ = try await task2.value
        }
        // Output: 1 2 3 4 5  (in order — reliable, no locks needed!)
    }
}
