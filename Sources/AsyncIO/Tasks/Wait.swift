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
nonisolated(nonsending) public func wait<T: Sendable>(
    _ tasks: [LoopTask<T>], timeout: Double? = nil, returnWhen: ReturnWhen = .allCompleted
) async throws -> (done: [LoopTask<T>], pending: [LoopTask<T>]) {
    let loop = try runningLoop()
    if tasks.isEmpty { throw ValueError("Set of Tasks/Futures is empty.") }
    func satisfied() -> Bool {
        switch returnWhen {
        case .allCompleted: return tasks.allSatisfy(\.isDone)
        case .firstCompleted: return tasks.contains(where: \.isDone)
        case .firstException:
            return tasks.allSatisfy(\.isDone)
                || tasks.contains { !$0.isCancelled && $0.completion.outcome.map(isFailure) == true }
        }
    }
    if !satisfied() {
        try await loop.suspend { (w: Waiter<Void>) in
            if satisfied() {
                w.resume(.success(()))
                return
            }
            var timer: TimerHandle?
            if let timeout {
                timer = loop.scheduleLater(timeout) { w.resume(.success(())) }
            }
            for t in tasks where !t.isDone {
                t.observeCompletion {
                    if satisfied() {
                        timer?.cancel()
                        w.resume(.success(()))
                    }
                }
            }
        }
    }
    return (tasks.filter(\.isDone), tasks.filter { !$0.isDone })
}

private func isFailure<T>(_ r: Result<T, any Error>) -> Bool {
    if case .failure = r { return true }
    return false
}
