import AsyncIO

/// Seed 002, "Real-world use case — fetch data + run algorithm": the algorithm runs while
/// the data is being fetched. Python twin: `python/fetch_and_algorithm.py`.
public enum FetchAndAlgorithm {
    static func fetchData() async throws -> [Int] {
        print("Start fetching")
        try await AsyncIO.sleep(scaled(2))  // simulates network delay
        print("Done fetching")
        return [1, 2, 3]
    }

    static func runAlgorithm() async throws {
        for i in 0..<10 {
            print(i)
            try await AsyncIO.sleep(scaled(0.5))
        }
    }

    public static func run() throws {
        try AsyncIO.run {
            // Run both concurrently: don't wait for fetch before starting the algorithm
            let (data, _) = try await AsyncIO.gather({ try await fetchData() }, { try await runAlgorithm() })
            print(data)
        }
    }
}
