/// `async with` for every primitive (Lock, Semaphore, BoundedSemaphore, Condition):
/// acquire, run `body`, and release however `body` ends. If `body` threw, its error wins
/// over a failing release only when the release succeeds; a failing release is reported
/// as is.
///
/// `body` runs on the caller's executor (so a main-actor caller can pass a closure that
/// touches main-actor state), while `acquire` and `release` run where plain async code
/// runs — on the loop, for the library's tasks and in whole-program mode — as a direct
/// call of `acquire()` would.
nonisolated(nonsending) func holding<R>(
    acquire: @Sendable () async throws -> Void, release: @Sendable () throws -> Void,
    _ body: () async throws -> R
) async throws -> R {
    try await acquire()
    let result: R
    do {
        result = try await body()
    } catch {
        try await offCallerExecutor(release)
        throw error
    }
    try await offCallerExecutor(release)
    return result
}

/// Runs `body` off the caller's actor, where plain (not `nonisolated(nonsending)`) async
/// code runs: the task's executor preference, or the default executor.
private func offCallerExecutor(_ body: @Sendable () throws -> Void) async throws {
    try body()
}
