import AsyncIO

/// Seed 001, "A simple coroutine": `greet` pauses for a second without blocking.
/// Python twin: `python/greet.py`.
public enum Greet {
    static func greet() async throws {
        print("Hello")
        try await AsyncIO.sleep(scaled(1))  // non-blocking delay
        print("World")
    }

    public static func run() throws {
        try AsyncIO.run { try await greet() }
    }
}
