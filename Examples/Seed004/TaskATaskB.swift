import AsyncIO

/// Seed 004, "What is an event loop?": B (1 s) finishes before A (2 s); 2 s in all, not 3.
/// Python twin: `python/task_a_task_b.py`.
public enum TaskATaskB {
    static func taskA() async throws {
        print("Task A: starting")
        try await AsyncIO.sleep(scaled(2))
        print("Task A: done")
    }

    static func taskB() async throws {
        print("Task B: starting")
        try await AsyncIO.sleep(scaled(1))
        print("Task B: done")
    }

    public static func run() throws {
        try AsyncIO.run {
            _ = try await AsyncIO.gather({ try await taskA() }, { try await taskB() })
        }
    }
}
