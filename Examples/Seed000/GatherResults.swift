import AsyncIO

/// Seed 000, "asyncio.gather()": runs coroutines concurrently and returns their results in
/// argument order. Python twin: `python/gather_results.py`.
public enum GatherResults {
    static func task1() async throws -> String {
        print("Task 1 started")
        try await AsyncIO.sleep(scaled(2))
        print("Task 1 completed")
        return "Result 1"
    }

    static func task2() async throws -> String {
        print("Task 2 started")
        try await AsyncIO.sleep(scaled(1))
        print("Task 2 completed")
        return "Result 2"
    }

    public static func run() throws {
        try AsyncIO.run {
            let (r1, r2) = try await AsyncIO.gather({ try await task1() }, { try await task2() })
            print("All tasks completed:", pyList([r1, r2]))
        }
    }
}
