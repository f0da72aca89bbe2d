import AsyncIO

/// Seed 003, "How await works": the coroutine is suspended during the sleep.
/// Python twin: `python/fetch_data.py`.
public enum FetchData {
    @discardableResult
    static func fetchData() async throws -> String {
        print("Starting fetch...")
        try await AsyncIO.sleep(scaled(2))  // simulates a slow I/O operation
        print("Data received!")
        return "some data"
    }

    public static func run() throws {
        _ = try AsyncIO.run { try await fetchData() }
    }
}
