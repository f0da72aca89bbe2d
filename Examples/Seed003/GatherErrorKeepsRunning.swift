import AsyncIO

/// Seed 003, "Handling errors in async code": with `gather`, the first error reaches the
/// caller while the other tasks keep running in the background.
/// Python twin: `python/gather_error_keeps_running.py`.
public enum GatherErrorKeepsRunning {
    static func mightFail() async throws {
        try await AsyncIO.sleep(scaled(0.5))
        throw ValueError("something went wrong")
    }

    static func slowTask() async throws -> String {
        try await AsyncIO.sleep(scaled(1))
        print("slow task finished anyway")
        return "slow"
    }

    public static func run() throws {
        try AsyncIO.run {
            do {
                _ = try await AsyncIO.gather({ try await mightFail() }, { try await slowTask() })
            } catch let e as ValueError {
                print("Caught: \(e)")
            }
            try await AsyncIO.sleep(scaled(1))
            print("main done")
        }
    }
}
