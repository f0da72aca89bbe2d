import AsyncIO

/// Seed 004, "Running blocking code without blocking the event loop": called directly, the
/// blocking function freezes the loop (a ticker task cannot tick); through
/// `AsyncIO.toThread` the loop stays responsive (the ticker keeps ticking).
/// Python twin: `python/blocking_db_query.py`.
public enum BlockingDBQuery {
    static var ticks = 0

    nonisolated static func blockingDBQuery() -> String {
        // Simulates a slow database call
        blockingSleep(2)
        return "query results"
    }

    static func ticker() async throws {
        while true {
            try await AsyncIO.sleep(scaled(0.2))
            ticks += 1
        }
    }

    public static func run() throws {
        ticks = 0
        try AsyncIO.run {
            let ticking = AsyncIO.createTask { try await ticker() }
            try await AsyncIO.sleep(0)  // let the ticker start

            var before = ticks
            var result = blockingDBQuery()  // BAD: blocks the event loop for 2 s
            print("Called directly: \(result); the ticker ticked \(ticks - before) times")

            print("Starting async work...")
            before = ticks
            // Run blocking code in a thread — event loop stays responsive
            result = try await AsyncIO.toThread { blockingDBQuery() }
            print("Got: \(result)")
            print("ticker ran while the thread was blocked: \(py(ticks - before >= 2))")
            ticking.cancel()
        }
    }
}
