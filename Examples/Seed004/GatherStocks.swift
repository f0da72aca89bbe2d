import AsyncIO

/// Seed 004, "Gathering results from multiple coroutines": results in argument order.
/// Python twin: `python/gather_stocks.py`.
public enum GatherStocks {
    static func getStock(_ symbol: String) async throws -> String {
        try await AsyncIO.sleep(scaled(0.3))
        return "\(symbol): $150"
    }

    public static func run() throws {
        try AsyncIO.run {
            let results = try await AsyncIO.gather(
                { try await getStock("AAPL") },
                { try await getStock("GOOG") },
                { try await getStock("MSFT") }
            )
            for r in [results.0, results.1, results.2] {
                print(r)
            }
        }
    }
}
