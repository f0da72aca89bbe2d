import AsyncIO

/// Seed 004, "Non-blocking sleep": two seconds in all, without blocking other tasks.
/// Python twin: `python/show_progress.py`.
public enum ShowProgress {
    static func showProgress() async throws {
        print("Step 1...")
        try await AsyncIO.sleep(scaled(1))
        print("Step 2...")
        try await AsyncIO.sleep(scaled(1))
        print("Done!")
    }

    public static func run() throws {
        // This takes 2 seconds total, not blocking other tasks
        try AsyncIO.run { try await showProgress() }
    }
}
