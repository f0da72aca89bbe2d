import AsyncIO

/// Seed 003, "Structured concurrency with TaskGroup": every child is done when the group
/// returns. Python twin: `python/task_group.py`.
public enum TaskGroupExample {
    static func task(_ name: String, _ delay: Int) async throws -> String {
        print("\(name): starting")
        try await AsyncIO.sleep(scaled(Double(delay)))
        print("\(name): done after \(delay)s")
        return name
    }

    public static func run() throws {
        try AsyncIO.run {
            let (t1, t2, t3) = try await AsyncIO.withTaskGroup { tg in
                (
                    try tg.createTask { try await task("Alpha", 3) },
                    try tg.createTask { try await task("Beta", 1) },
                    try tg.createTask { try await task("Gamma", 2) }
                )
            }
            // All tasks guaranteed complete here
            print("Results: \(try t1.result()), \(try t2.result()), \(try t3.result())")
        }
    }
}
