import AsyncIO

/// Seed 002, "Tasks — running concurrently": `createTask` schedules the coroutine and
/// `main` continues at once; awaiting a finished task again gives its value again.
/// Python twin: `python/create_task_then_await.py`.
public enum CreateTaskThenAwait {
    static func printSomething() async throws -> String {
        try await AsyncIO.sleep(scaled(1))
        print("something")
        return "finished"
    }

    public static func run() throws {
        try AsyncIO.run {
            let task = AsyncIO.createTask { try await printSomething() }  // scheduled, starts soon
            print("main continues immediately")
            _ = try await task.value  // wait for task to finish
            let result = try await task.value  // get return value
            print(result)
        }
    }
}
