import AsyncIO

/// Seed 002, "await — calling a coroutine": wait for it and get its return value.
/// Python twin: `python/await_result.py`.
public enum AwaitResult {
    static func printSomething() async throws -> String {
        try await AsyncIO.sleep(scaled(1))  // use AsyncIO.sleep, NOT a blocking sleep
        print("something")
        return "finished"
    }

    public static func run() throws {
        try AsyncIO.run {
            let result = try await printSomething()  // blocks until printSomething() is done
            print(result)  // "finished"
        }
    }
}
