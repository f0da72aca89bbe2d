import AsyncIO

/// Seed 003, "Structured concurrency with TaskGroup": "if any task fails, the remaining
/// tasks are cancelled and an ExceptionGroup is raised containing all the errors".
/// Python twin: `python/task_group_cancels_siblings.py`.
public enum TaskGroupCancelsSiblings {
    static func worker(_ name: String, _ delay: Double) async throws {
        do {
            try await AsyncIO.sleep(scaled(delay))
            print("\(name): finished")
        } catch is CancellationError {
            print("\(name): cancelled")
            throw CancellationError()
        }
    }

    static func failing(_ delay: Double) async throws {
        try await AsyncIO.sleep(scaled(delay))
        print("failing: raising ValueError")
        throw ValueError("bad input")
    }

    public static func run() throws {
        try AsyncIO.run {
            do {
                try await AsyncIO.withTaskGroup { tg in
                    try tg.createTask { try await worker("quick", 0.5) }
                    try tg.createTask { try await failing(1) }
                    try tg.createTask { try await worker("slow", 3) }
                }
            } catch let eg as ExceptionGroup {
                // Python: except* ValueError
                let valueErrors = eg.errors.compactMap { $0 as? ValueError }
                if let first = valueErrors.first {
                    print("ExceptionGroup with \(valueErrors.count) error(s): \(first)")
                }
            }
        }
    }
}
