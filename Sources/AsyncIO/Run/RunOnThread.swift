#if canImport(Glibc)
import Glibc
#endif

/// Runs `body` on a fresh event loop on a new thread and returns its value, without
/// blocking the caller's thread: usable from any async context, a test function included.
///
/// Usage: `let v = try await AsyncIO.runOnNewThread { try await work() }`
///
/// The loop is closed when the body is done, as with `AsyncIO.run`.
/// - Throws: what `body` throws; `DeadlockError` on a virtual clock when nothing can run.
public func runOnNewThread<T: Sendable>(
    debug: Bool = false, clock: LoopClock = .monotonic,
    _ body: sending @escaping () async throws -> T
) async throws -> T {
    let work = UncheckedBox(body)
    return try await withUnsafeThrowingContinuation { (c: UnsafeContinuation<T, any Error>) in
        do {
            try startThread {
                c.resume(with: Result { try AsyncIO.run(debug: debug, clock: clock, work.value) })
            }
        } catch {
            c.resume(throwing: error)
        }
    }
}

/// Runs `body` on a fresh loop with a virtual clock, on its own thread: the test helper
/// for timing code. Sleeps take no real time, the transcript is the same on every run, and
/// a deadlock (nothing ready, no timer, no I/O, no thread work) fails with a
/// `DeadlockError` naming the waiting tasks instead of hanging the test.
///
/// Usage (Swift Testing):
/// ```swift
/// @Test func retriesWithBackoff() async throws {
///     try await AsyncIO.runInVirtualTime {
///         let start = try AsyncIO.runningLoop().time()
///         try await retry(times: 3, backoff: 2)
///         #expect(try AsyncIO.runningLoop().time() - start == 6)
///     }
/// }
/// ```
/// - Parameter autojumpThreshold: real seconds of idleness before virtual time jumps;
///   raise it when the body also waits for real I/O or threads.
public func runInVirtualTime<T: Sendable>(
    autojumpThreshold: Double = 0, debug: Bool = false,
    _ body: sending @escaping () async throws -> T
) async throws -> T {
    try await runOnNewThread(
        debug: debug, clock: .virtual(VirtualClock(autojumpThreshold: autojumpThreshold)), body)
}

/// Starts a detached pthread running `body`.
func startThread(_ body: @escaping @Sendable () -> Void) throws {
    final class Box: @unchecked Sendable {
        // @unchecked Sendable: handed to exactly one new thread, then only used there.
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }
    let box = Unmanaged.passRetained(Box(body)).toOpaque()
    var attr = pthread_attr_t()
    pthread_attr_init(&attr)
    defer { pthread_attr_destroy(&attr) }
    pthread_attr_setdetachstate(&attr, Int32(PTHREAD_CREATE_DETACHED))
    var tid = pthread_t()
    let rc = pthread_create(&tid, &attr, { arg in
        guard let arg else { return nil }
        let b = Unmanaged<Box>.fromOpaque(arg).takeRetainedValue()
        b.body()
        return nil
    }, box)
    if rc != 0 {
        Unmanaged<Box>.fromOpaque(box).release()
        throw OSError(errno: rc, function: "pthread_create")
    }
}
