import AsyncIO

/// Seed 000, "time.sleep vs asyncio.sleep" (the good one): the task sleeps in the
/// background while `main` goes on. Python twin: `python/nonblocking_sleep.py`.
public enum NonblockingSleep {
    static func asyncTask() async throws {
        print("Task started...")
        try await AsyncIO.sleep(scaled(3))  // Non-blocking, other tasks can run
        print("Task completed!")
    }

    public static func run() throws {
        try AsyncIO.run {
            let task = AsyncIO.createTask { try await asyncTask() }  // Run in background
            print("Main function continues...")
            try await task.value  // Wait for task to finish
        }
    }
}
