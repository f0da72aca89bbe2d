import AsyncIO

/// Seed 001, "Event loop in action": all three start at once and the shortest delay
/// finishes first. Python twin: `python/event_loop_in_action.py`.
public enum EventLoopInAction {
    static func task(_ name: String, _ delay: Int) async throws {
        print("\(name) started")
        try await AsyncIO.sleep(scaled(Double(delay)))  // yield to the loop
        print("\(name) finished after \(delay) seconds")
    }

    public static func run() throws {
        try AsyncIO.run {
            _ = try await AsyncIO.gather(
                { try await task("Task A", 2) },
                { try await task("Task B", 1) },
                { try await task("Task C", 3) }
            )
        }
    }
}
