/// Suspends the current task for `seconds` on the loop's timer heap (the loop's clock:
/// real or virtual). `sleep(0)` yields exactly once: every other ready task runs first,
/// round-robin, as in asyncio.
///
/// Usage: `try await AsyncIO.sleep(0.5)` — asyncio: `await asyncio.sleep(0.5)`.
/// - Throws: `CancellationError` at once if the task is cancelled (the timer is removed);
///   `NoRunningLoopError` outside a loop.
nonisolated(nonsending) public func sleep(
    _ seconds: Double, file: StaticString = #fileID, line: UInt = #line
) async throws {
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
        target: .sleep(deadline: loop.time() + seconds), file: file, line: line,
        register: { (w: Waiter<Void>) in
            timer = loop.scheduleLater(seconds) { w.resume(.success(())) }
        })
}

/// Suspends the current task for `duration`.
///
/// Usage: `try await AsyncIO.sleep(for: .milliseconds(250))`
nonisolated(nonsending) public func sleep(
    for duration: Duration, file: StaticString = #fileID, line: UInt = #line
) async throws {
    try await sleep(duration.asSeconds, file: file, line: line)
}

/// One trip to the back of the ready ring, as asyncio's bare `yield` in `sleep(0)`: the
/// task's next job is queued once its current job returns, behind every job already
/// ready and every job that job queued, so it runs on the next pass. (`Task.yield()` takes
/// two passes: it queues a continuation job, which then queues the task's job, so a task
/// woken meanwhile by a primitive would run first.) A cancellation requested meanwhile is
/// delivered right after.
nonisolated(nonsending) func yieldOnce(_ loop: EventLoop) async throws {
    // One lookup serves both checks: the record is the task's for its whole life.
    let record = loop.currentRecord()
    if let r = record, r.mustCancel {
        r.mustCancel = false
        throw CancellationError()
    }
    record?.inLibraryAwait = true
    await withUnsafeContinuation { (c: UnsafeContinuation<Void, Never>) in
        // Two tasks can yield in one job when one started the other synchronously
        // (`Task.immediate`): the first goes to the back of the ring now, the second
        // when the job returns, so both run on the next pass, in order.
        if let earlier = loop.yieldingTask { earlier.resume() }
        loop.yieldingTask = c
    }
    if let r = record {
        r.inLibraryAwait = false
        if r.mustCancel {
            r.mustCancel = false
            throw CancellationError()
        }
        // A library task cannot be cancelled the Swift way (its Swift task is private).
        if !r.isEphemeral { return }
    }
    if Task.isCancelled { throw CancellationError() }
}
