import Testing
@testable import AsyncIO

// The README's virtual-time example, verbatim: a retry-with-backoff function tested in
// zero wall time.

struct Flaky: Error {}

func retry<T: Sendable>(times: Int, backoff: Double, _ op: () async throws -> T) async throws -> T {
    var delay = backoff
    for _ in 1..<times {
        do { return try await op() } catch { try await AsyncIO.sleep(delay); delay *= 2 }
    }
    return try await op()
}

@Suite("README example")
struct RetryBackoffExampleTests {
    @Test func backsOffOneTwoFour() async throws {
        try await AsyncIO.runInVirtualTime {
            var calls = 0
            let start = try AsyncIO.runningLoop().time()
            let v = try await retry(times: 4, backoff: 1) { () async throws -> Int in
                calls += 1
                if calls < 4 { throw Flaky() }
                return 42
            }
            #expect(v == 42)
            #expect(try AsyncIO.runningLoop().time() - start == 7)   // 1 + 2 + 4, exactly
        }
    }
}
