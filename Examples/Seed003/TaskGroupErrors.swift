import AsyncIO

/// Seed 003, "Handling errors in async code": a failing child of a task group comes out
/// in an `ExceptionGroup` (Python catches it with `except* ValueError`).
/// Python twin: `python/task_group_errors.py`.
public enum TaskGroupErrors {
    @discardableResult
    static func riskyTask(_ name: String, shouldFail: Bool = false) async throws -> String {
        try await AsyncIO.sleep(scaled(1))
        if shouldFail {
            throw ValueError("\(name) encountered an error")
        }
        return "\(name) succeeded"
    }

    public static func run() throws {
        try AsyncIO.run {
            do {
                try await AsyncIO.withTaskGroup { tg in
                    try tg.createTask { try await riskyTask("Safe") }
                    try tg.createTask { try await riskyTask("Dangerous", shouldFail: true) }
                }
            } catch let eg as ExceptionGroup {
                for err in eg.errors {
                    if let e = err as? ValueError { print("Caught: \(e)") }
                }
            }
        }
    }
}
