import AsyncIO

/// Seed 004, "Gathering results": `returnExceptions: true` collects errors as results.
/// (The seed shows three results for two awaitables; Python prints two.)
/// Python twin: `python/gather_return_exceptions.py`.
public enum GatherReturnExceptions {
    static func mightFail() async throws {
        throw ValueError("something went wrong")
    }

    /// How Python prints the list: the exception's repr, `None` for a `None` result.
    nonisolated static func pyResults(_ results: [Result<Void, any Error>]) -> String {
        let items = results.map { r -> String in
            switch r {
            case .success: return "None"
            case .failure(let e as ValueError): return e.repr
            case .failure(let e): return "\(e)"
            }
        }
        return "[" + items.joined(separator: ", ") + "]"
    }

    public static func run() throws {
        try AsyncIO.run {
            // Errors come back as results, not thrown
            let operations: [@Sendable () async throws -> Void] = [
                { try await mightFail() },
                { try await AsyncIO.sleep(scaled(1)) },
            ]
            let results = try await AsyncIO.gather(operations, returnExceptions: true)
            print(pyResults(results))
        }
    }
}
