import AsyncIO

/// Seed 003, "Wrapping blocking code with asyncio.to_thread": `AsyncIO.toThread` runs the
/// blocking call on the loop's thread pool and the loop stays free: a ticker task (every
/// 0.2 s) keeps ticking meanwhile. Python twin: `python/slow_database_query.py`.
public enum SlowDatabaseQuery {
    static var ticks = 0

    /// Runs on a pool thread: `nonisolated`, like any function given to `toThread`.
    nonisolated static func slowDatabaseQuery() -> String {
        // Simulates a blocking database call
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
            // Run the blocking call in a thread, keep the loop free
            let result = try await AsyncIO.toThread { slowDatabaseQuery() }
            print(result)
            print("ticker ran while blocked: \(py(ticks >= 2))")
            ticking.cancel()
        }
    }
}
