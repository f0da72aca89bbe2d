import AsyncIO

/// Seed 000, "asyncio.run()": runs the coroutine from synchronous code.
/// Python twin: `python/run_from_sync.py`.
public enum RunFromSync {
    static func sayHello() async throws {
        try await AsyncIO.sleep(scaled(2))
        print("Hello, Async!")
    }

    public static func run() throws {
        try AsyncIO.run { try await sayHello() }  // Runs the coroutine from sync code
    }
}
