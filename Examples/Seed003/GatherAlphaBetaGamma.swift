import AsyncIO

/// Seed 003, "Running multiple coroutines together": 3 s in all instead of 3 + 1 + 2, and
/// the results in argument order. Python twin: `python/gather_alpha_beta_gamma.py`.
public enum GatherAlphaBetaGamma {
    static func task(_ name: String, _ delay: Int) async throws -> String {
        print("\(name): starting")
        try await AsyncIO.sleep(scaled(Double(delay)))
        print("\(name): done after \(delay)s")
        return name
    }

    public static func run() throws {
        try AsyncIO.run {
            let (a, b, c) = try await AsyncIO.gather(
                { try await task("Alpha", 3) },
                { try await task("Beta", 1) },
                { try await task("Gamma", 2) }
            )
            print("All done: \(pyList([a, b, c]))")
        }
    }
}
