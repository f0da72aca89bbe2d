import AsyncIO

/// Seed 002, "await vs create_task — the core difference".
/// Python twin: `python/await_vs_create_task.py`.
public enum AwaitVsCreateTask {
    @discardableResult
    static func printSomething() async throws -> String {
        try await AsyncIO.sleep(scaled(1))
        print("something")
        return "finished"
    }

    public static func run() throws {
        try AsyncIO.run {
            // Blocking: waits for printSomething to finish before continuing
            try await printSomething()
            print("this runs after")

            // Non-blocking: schedules it; continues immediately
            let task = AsyncIO.createTask { try await printSomething() }
            print("this runs right away")
            _ = try await task.value  // wait later when needed
        }
    }
}
