import AsyncIO

/// Seed 004, "Creating tasks for concurrent execution": both tasks start at once and
/// `gather` waits for both. Python twin: `python/create_task_gather.py`.
public enum CreateTaskGather {
    static func fetchUser(_ userID: Int) async throws -> String {
        try await AsyncIO.sleep(scaled(0.5))
        return "user_\(userID)"
    }

    public static func run() throws {
        try AsyncIO.run {
            // Schedule both tasks immediately: they run concurrently
            let task1 = AsyncIO.createTask { try await fetchUser(1) }
            let task2 = AsyncIO.createTask { try await fetchUser(2) }

            // Both run concurrently; gather waits for both
            let results = try await AsyncIO.gather([task1, task2])
            print(pyList(results))  // ['user_1', 'user_2']
        }
    }
}
