import AsyncIO

/// Seed 000, "Event loop": two tasks run concurrently; the shorter sleep finishes first.
/// Python twin: `python/event_loop_tasks.py`.
public enum EventLoopTasks {
    static func task1() async throws {
        print("Task 1 started")
        try await AsyncIO.sleep(scaled(2))  // Simulates an I/O operation
        print("Task 1 completed")
    }

    static func task2() async throws {
        print("Task 2 started")
        try await AsyncIO.sleep(scaled(1))
        print("Task 2 completed")
    }

    public static func run() throws {
        // Run the event loop
        try AsyncIO.run {
            // Run both tasks concurrently
            _ = try await AsyncIO.gather({ try await task1() }, { try await task2() })
        }
    }
}
