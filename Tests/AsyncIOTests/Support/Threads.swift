@testable import AsyncIO

/// Runs synchronous `body` on a new plain thread (no loop installed) and returns its
/// value: for tests that drive a loop by hand (`runForever`, `stop`, `close`).
func onNewThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withUnsafeThrowingContinuation { (c: UnsafeContinuation<T, any Error>) in
        do {
            try startThread { c.resume(with: Result { try body() }) }
        } catch {
            c.resume(throwing: error)
        }
    }
}
