/// Suspends the current task for `seconds` on the loop's timer heap (the loop's clock:
/// real or virtual). `sleep(0)` yields exactly once: every other ready task runs first,
/// round-robin, as in asyncio.
///
/// Usage: `try await AsyncIO.sleep(0.5)` — asyncio: `await asyncio.sleep(0.5)`.
/// - Throws: `CancellationError` at once if the task is cancelled (the timer is removed);
///   `NoRunningLoopError` outside a loop.
nonisolated(nonsending) public func sleep(_ seconds: Double) async throws {
    guard let loop = EventLoop.current, loop.isRunning else { throw NoRunningLoopError() }
    if seconds <= 0 || seconds.isNaN {
        try await yieldOnce(loop)
        return
    }
    var timer: TimerHandle?
    try await loop.suspend(
        onCancel: { w in
            timer?.cancel()
            w.resume(.failure(CancellationError()))
        },
        register: { (w: Waiter<Void>) in
            timer = loop.callLater(seconds) { w.resume(.success(())) }
        })
}

/// Suspends the current task for `duration`.
///
/// Usage: `try await AsyncIO.sleep(for: .milliseconds(250))`
nonisolated(nonsending) public func sleep(for duration: Duration) async throws {
    try await sleep(duration.asSeconds)
}

/// One trip to the back of the ready ring. `Task.yield()` re-enqueues the task on its
/// executor — the loop — as one job, the cheapest possible yield; a cancellation
/// requested meanwhile is delivered right after.
nonisolated(nonsending) func yieldOnce(_ loop: EventLoop) async throws {
    if let r = loop.currentRecord(), r.mustCancel {
        r.mustCancel = false
        throw CancellationError()
    }
    await Task.yield()
    if let r = loop.currentRecord(), r.mustCancel {
        r.mustCancel = false
        throw CancellationError()
    }
    if Task.isCancelled { throw CancellationError() }
}
