import AsyncIO

/// Seed 003, "Async context managers": a connection with an asynchronous handshake and a
/// graceful close; `exit` runs, and is awaited, when the block ends (the twins print
/// "Connection closed" after it to show that). Python twin: `python/async_connection.py`.
public enum AsyncConnectionExample {
    struct AsyncConnection: AsyncContextManager {
        func enter() async throws -> AsyncConnection {
            print("Opening connection...")
            try await AsyncIO.sleep(scaled(0.5))  // simulate handshake
            return self
        }

        func exit(error: (any Error)?) async throws {
            print("Closing connection...")
            try await AsyncIO.sleep(scaled(0.2))  // simulate graceful close
        }

        func query(_ sql: String) async throws -> String {
            try await AsyncIO.sleep(scaled(0.3))
            return "Results for: \(sql)"
        }
    }

    public static func run() throws {
        try AsyncIO.run {
            try await AsyncIO.with(AsyncConnection()) { conn in
                let result = try await conn.query("SELECT * FROM users")
                print(result)
            }
            print("Connection closed")
        }
    }
}
