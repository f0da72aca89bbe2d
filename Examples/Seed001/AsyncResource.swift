import AsyncIO

/// Seed 001, "Async context managers": `AsyncIO.with` is `async with`: it awaits the
/// manager's `enter()` (`__aenter__`) and, however the block ends, its `exit(error:)`
/// (`__aexit__`). Python twin: `python/async_resource.py`.
public enum AsyncResourceExample {
    struct AsyncResource: AsyncContextManager {
        func enter() async throws -> AsyncResource {
            print("Acquire resource")
            try await AsyncIO.sleep(scaled(0.2))
            return self
        }

        func exit(error: (any Error)?) async throws {
            print("Release resource")
        }
    }

    public static func run() throws {
        try AsyncIO.run {
            try await AsyncIO.with(AsyncResource()) { r in
                print("Using resource")
            }
        }
    }
}
