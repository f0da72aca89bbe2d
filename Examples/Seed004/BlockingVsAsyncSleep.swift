import AsyncIO

/// Seed 004, "Non-blocking sleep": a blocking sleep inside a coroutine freezes the whole
/// loop, `AsyncIO.sleep` lets other tasks run. A heartbeat task ticks every 0.4 s next to
/// each. Python twin: `python/blocking_vs_async_sleep.py`.
public enum BlockingVsAsyncSleep {
    /// Shared by the tasks with no lock: they all run on the loop's thread, one at a time.
    static var ticks = 0

    static func heartbeat(_ n: Int) async throws {
        for _ in 0..<n {
            try await AsyncIO.sleep(scaled(0.4))
            ticks += 1
        }
    }

    static func broken() async throws {
        let before = ticks
        blockingSleep(1)  // Blocks everything: no other task runs (Python: time.sleep(1))
        print("broken: heartbeat ticked \(ticks - before) times during time.sleep(1)")
        try await AsyncIO.sleep(scaled(1))
        print("broken: heartbeat ticked \(ticks - before) times by the end")
    }

    static func correct() async throws {
        let before = ticks
        try await AsyncIO.sleep(scaled(1))  // Yields control; other tasks run
        print("correct: heartbeat ticked \(ticks - before) times during asyncio.sleep(1)")
    }

    public static func run() throws {
        ticks = 0
        try AsyncIO.run {
            _ = try await AsyncIO.gather({ try await heartbeat(2) }, { try await broken() })
            _ = try await AsyncIO.gather({ try await heartbeat(2) }, { try await correct() })
        }
    }
}
