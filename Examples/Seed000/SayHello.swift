import AsyncIO

/// Seed 000, "Coroutines": a coroutine pauses at `await` and resumes after the sleep.
/// Python twin: `python/say_hello.py`.
public enum SayHello {
    static func sayHello() async throws {
        print("Hello")
        try await AsyncIO.sleep(scaled(1))
        print("World")
    }

    public static func run() throws {
        // running the coroutine
        try AsyncIO.run { try await sayHello() }
    }
}
