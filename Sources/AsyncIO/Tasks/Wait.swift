/// When `AsyncIO.wait` returns. asyncio: `FIRST_COMPLETED`, `FIRST_EXCEPTION`, `ALL_COMPLETED`.
public enum ReturnWhen: Sendable {
    /// As soon as any task finishes or is cancelled.
    case firstCompleted
    /// As soon as any task fails with an error (a cancelled task does not count, as in
    /// asyncio); else when all are done.
    case firstException
    /// When every task is done.
    case allCompleted
}

/// Waits for tasks until `returnWhen` holds or `timeout` seconds pass, and returns them
/// split into done and pending (each in the order given). The tasks are not cancelled.
///
/// Usage: `let (done, pending) = try await AsyncIO.wait(tasks, timeout: 2, returnWhen: .firstCompleted)`
///
/// asyncio: `asyncio.wait(aws, timeout=, return_when=)` (sets there; arrays here).
/// - Throws: `ValueError` if `tasks` is empty; `CancellationError` if the waiting task is
///   cancelled (the tasks go on).
/// - Note: however the wait ends, it takes back its observers and its timer: polling a
///   long-lived task with `timeout: 0` leaves nothing behind on it.
/// - Complexity: O(n) for n tasks (each completion updates counters; nothing rescans).
nonisolated(nonsending) public func wait<T: Sendable>(
    _ tasks: [LoopTask<T>], timeout: Double? = nil, returnWhen: ReturnWhen = .allCompleted
) async throws -> (done: [LoopTask<T>], pending: [LoopTask<T>]) {
    let loop = try runningLoop()
    if tasks.isEmpty { throw ValueError("Set of Tasks/Futures is empty.") }
    var tally = WaitTally(returnWhen: returnWhen, total: tasks.count)
    tally.count(tasks)
    if !tally.isSatisfied {
        var observations = Observations()
        defer { observations.end() }
        try await loop.suspend { (w: Waiter<Void>) in
            // Re-check: tasks may have finished since the count above.
            tally.count(tasks)
            if tally.isSatisfied {
                w.resume(.success(()))
                return
            }
            if let timeout {
                observations.schedule(on: loop, after: timeout) { w.resume(.success(())) }
            }
            // Each task still pending at this count gets one observer, which counts it once.
            for t in tasks where !t.isDone {
                observations.observe(t) {
                    tally.add(t)
                    if tally.isSatisfied { w.resume(.success(())) }
                }
            }
        }
    }
    var done: [LoopTask<T>] = []
    var pending: [LoopTask<T>] = []
    for t in tasks {
        if t.isDone { done.append(t) } else { pending.append(t) }
    }
    return (done, pending)
}

/// What `wait` has seen so far, so that each completion costs O(1).
private struct WaitTally {
    let returnWhen: ReturnWhen
    let total: Int
    /// Tasks counted as done (a task listed twice counts twice, as it is observed twice).
    private var done = 0
    /// Whether a counted task failed with an error other than cancellation.
    private var failed = false

    init(returnWhen: ReturnWhen, total: Int) {
        self.returnWhen = returnWhen
        self.total = total
    }

    var isSatisfied: Bool {
        switch returnWhen {
        case .allCompleted: return done == total
        case .firstCompleted: return done > 0
        case .firstException: return failed || done == total
        }
    }

    /// Starts over, counting the tasks done now.
    mutating func count<T>(_ tasks: [LoopTask<T>]) {
        done = 0
        failed = false
        for t in tasks where t.isDone { add(t) }
    }

    /// Counts one finished task.
    mutating func add<T>(_ task: LoopTask<T>) {
        done += 1
        // asyncio's FIRST_EXCEPTION ignores cancelled tasks. Not `error()`: looking does
        // not mark the error retrieved.
        if !task.isCancelled, case .failure? = task.completion.outcome { failed = true }
    }
}
