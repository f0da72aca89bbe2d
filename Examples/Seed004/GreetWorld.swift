import AsyncIO

/// Seed 004, "Running coroutines with asyncio.run()". Python twin: `python/greet_world.py`.
public enum GreetWorld {
    static func greet(_ name: String) async throws -> String {
        try await AsyncIO.sleep(scaled(0.5))
        return "Hello, \(name)"
    }

    public static func run() throws {
        try AsyncIO.run {
            let result = try await greet("world")
            print(result)
        }
        // Output: Hello, world
    }
}
