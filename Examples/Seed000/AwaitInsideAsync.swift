import AsyncIO

/// Seed 000, "await vs asyncio.run()" (the good one): `await` inside an async function.
/// Python twin: `python/await_inside_async.py`.
public enum AwaitInsideAsync {
    static func sayHello() async throws {
        try await AsyncIO.sleep(scaled(2))  // Simulating an async task
        print("Hello, Async!")
    }

    static func main() async throws {
        try await sayHello()  // Allowed because we are inside an async function
    }

    public static func run() throws {
        try AsyncIO.run { try await main() }  // Running the main function from sync code
    }
}
