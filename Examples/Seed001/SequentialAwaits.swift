import AsyncIO

/// Seed 001, "Sequential awaits": each `await` finishes before the next starts, so this
/// takes 1 s + 2 s. Python twin: `python/sequential_awaits.py`.
public enum SequentialAwaits {
    static func say(_ message: String, _ delay: Double) async throws {
        try await AsyncIO.sleep(scaled(delay))
        print(message)
    }

    public static func run() throws {
        try AsyncIO.run {
            try await say("First", 1)
            try await say("Second", 2)
        }
    }
}
