import AsyncIO

/// Seed 002, "asyncio.gather() — shortcut for running multiple tasks": the return values
/// come back in argument order. Python twin: `python/gather_values.py`.
public enum GatherValues {
    static func printValues(_ values: [Int], _ delay: Double) async throws -> Double {
        for item in values {
            print(item)
            try await AsyncIO.sleep(scaled(delay))
        }
        return delay
    }

    public static func run() throws {
        try AsyncIO.run {
            let operations: [@Sendable () async throws -> Double] = [
                { try await printValues([1, 3, 5], 0.2) },
                { try await printValues([2, 4], 0.3) },
            ]
            let results = try await AsyncIO.gather(operations)
            print(results)  // [0.2, 0.3] — return values in order
        }
    }
}
