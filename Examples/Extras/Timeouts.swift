import AsyncIO

/// Not in the seeds (seed 004 only points to a tutorial on timeouts): `waitFor` and
/// `timeout`, the two ways to put a deadline on an await. Python twin: `python/timeouts.py`.
public enum Timeouts {
    static func slowOperation() async throws -> String {
        try await AsyncIO.sleep(scaled(2))
        return "slow result"
    }

    public static func run() throws {
        try AsyncIO.run {
            do {
                _ = try await AsyncIO.waitFor(timeout: scaled(1)) { try await slowOperation() }
            } catch is TimeoutError {
                print("wait_for: gave up after 1 s")
            }

            print("wait_for: \(try await AsyncIO.waitFor(timeout: scaled(3)) { try await slowOperation() })")

            var scope: TimeoutScope?
            do {
                _ = try await AsyncIO.timeout(scaled(1)) { cm in
                    scope = cm
                    return try await slowOperation()
                }
            } catch is TimeoutError {
                print("timeout: expired=\(py(scope?.expired ?? false))")
            }

            let loop = try AsyncIO.runningLoop()
            try await AsyncIO.timeout(nil) { cm in
                scope = cm
                cm.reschedule(loop.time() + scaled(3))
                print("timeout (rescheduled): \(try await slowOperation())")
            }
            print("timeout: expired=\(py(scope?.expired ?? false))")
        }
    }
}
