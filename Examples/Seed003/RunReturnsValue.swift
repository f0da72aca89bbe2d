import AsyncIO

/// Seed 003, "Defining and calling a coroutine": `AsyncIO.run` returns the closure's
/// value, as `asyncio.run` returns the coroutine's. Python twin: `python/run_returns_value.py`.
public enum RunReturnsValue {
    static func greet(_ name: String) async -> String {
        "Hello, \(name)!"
    }

    public static func run() throws {
        let result = try AsyncIO.run { await greet("Kandi") }
        print(result)
        // Output: Hello, Kandi!
    }
}
