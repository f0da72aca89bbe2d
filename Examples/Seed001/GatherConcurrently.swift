import AsyncIO

/// Seed 001, "Running coroutines concurrently" with `gather`: B finishes first although
/// A and C started earlier. Python twin: `python/gather_concurrently.py`.
public enum GatherConcurrently {
    static func task(_ name: String, _ delay: Double) async throws {
        print("Task \(name) started")
        try await AsyncIO.sleep(scaled(delay))
        print("Task \(name) finished")
    }

    public static func run() throws {
        try AsyncIO.run {
            // The array form of gather: same result type, any number of operations. (Spell
            // the array's type: closures inside an array literal are not inferred @Sendable.)
            let operations: [@Sendable () async throws -> Void] = [
                { try await task("A", 2) },
                { try await task("B", 1) },
                { try await task("C", 3) },
            ]
            _ = try await AsyncIO.gather(operations)
        }
    }
}
