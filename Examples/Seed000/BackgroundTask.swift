import AsyncIO

/// Seed 000, "asyncio.create_task()": a background task runs while `main` goes on.
/// Python twin: `python/background_task.py`.
public enum BackgroundTask {
    static func backgroundTask() async throws {
        print("Background task started...")
        try await AsyncIO.sleep(scaled(3))  // Simulate some async work
        print("Background task completed!")
    }

    public static func run() throws {
        try AsyncIO.run {
            print("Main function started")

            // Start background task but don't wait for it
            let task = AsyncIO.createTask { try await backgroundTask() }

            print("Main function continues while background task runs...")
            try await AsyncIO.sleep(scaled(1))
            print("Main function doing other work...")

            // Optionally wait for the background task before exiting
            try await task.value
            print("Main function completed")
        }
    }
}
