/// Runs the operations concurrently as tasks and returns their values in argument order.
///
/// Usage: `let (a, b) = try await AsyncIO.gather({ try await one() }, { try await two() })`
///
/// asyncio: `asyncio.gather(*aws)`. The first error propagates at once and the other
/// tasks keep running; cancelling the awaiting task cancels every child.
/// - Throws: the first child error; `CancellationError`.
nonisolated(nonsending) public func gather<each T: Sendable>(
    _ operations: repeat sending @escaping () async throws -> each T,
    file: StaticString = #fileID, line: UInt = #line
) async throws -> (repeat each T) {
    let loop = try runningLoop()
    let tasks = (repeat loop.createTask(handingOver: each operations))
    var list: [AnyLoopTask] = []
    for t in repeat each tasks { list.append(t) }
    try await waitForGather(loop, list, returnExceptions: false, file: file, line: line)
    return (repeat try (each tasks).result())
}

/// Runs the operations concurrently and returns their values in order.
///
/// Usage: `let pages = try await AsyncIO.gather(urls.map { u in { try await fetch(u) } })`
nonisolated(nonsending) public func gather<T: Sendable>(
    _ operations: [@Sendable () async throws -> T], file: StaticString = #fileID, line: UInt = #line
) async throws -> [T] {
    let loop = try runningLoop()
    return try await gather(operations.map { loop.createTask($0) }, file: file, line: line)
}

/// Waits for tasks that are already running and returns their values in order.
///
/// asyncio: `asyncio.gather(*tasks)`.
nonisolated(nonsending) public func gather<T: Sendable>(
    _ tasks: [LoopTask<T>], file: StaticString = #fileID, line: UInt = #line
) async throws -> [T] {
    let loop = try runningLoop()
    try await waitForGather(loop, tasks, returnExceptions: false, file: file, line: line)
    return try tasks.map { try $0.result() }
}

/// Runs the operations concurrently and returns every outcome, errors included, in order.
///
/// Usage: `let outcomes = try await AsyncIO.gather(ops, returnExceptions: true)`
///
/// asyncio: `gather(*aws, return_exceptions=True)`; a cancelled child gives
/// `.failure(CancellationError())`.
/// - Throws: only `CancellationError`, when the awaiting task is cancelled.
nonisolated(nonsending) public func gather<T: Sendable>(
    _ operations: [@Sendable () async throws -> T], returnExceptions: Bool
) async throws -> [Result<T, any Error>] {
    let loop = try runningLoop()
    return try await gather(operations.map { loop.createTask($0) }, returnExceptions: returnExceptions)
}

/// Waits for running tasks and returns every outcome in order.
nonisolated(nonsending) public func gather<T: Sendable>(
    _ tasks: [LoopTask<T>], returnExceptions: Bool
) async throws -> [Result<T, any Error>] {
    let loop = try runningLoop()
    try await waitForGather(loop, tasks, returnExceptions: returnExceptions)
    return tasks.map { t in Result { try t.result() } }
}

/// Waits until every child is done, or (unless `returnExceptions`) until the first one
/// fails. If the waiting task is cancelled, every child is cancelled and the wait goes on
/// until they have all finished; then `CancellationError` is thrown.
nonisolated(nonsending) func waitForGather(
    _ loop: EventLoop, _ children: [AnyLoopTask], returnExceptions: Bool,
    file: StaticString = "", line: UInt = 0
) async throws {
    var remaining = children.filter { !$0.isDone }.count
    if !returnExceptions {
        for c in children where c.isDone {
            if let e = failure(of: c) { throw e }
        }
    }
    if remaining == 0 { return }
    var cancelled = false
    // The first failure ends the wait early: the children still running are no longer
    // observed (a long-lived task gathered again and again keeps no stale observers).
    var observations = Observations()
    defer { observations.end() }
    // What the call graph shows; alive until this function returns, past the wait.
    let shown = GatherChildren(children)
    defer { withExtendedLifetime(shown) {} }
    do {
        try await loop.suspend(
            onCancel: { (w: Waiter<Void>) in
                cancelled = true
                for c in children where !c.isDone { c.cancel() }
                if children.allSatisfy(\.isDone) { w.resume(.failure(CancellationError())) }
            },
            target: .gather(.passUnretained(shown)), file: file, line: line,
            register: { w in
                // Re-check: children may have finished since the count above.
                if !returnExceptions, let e = children.lazy.compactMap(failure(of:)).first {
                    w.resume(.failure(e))
                    return
                }
                remaining = children.filter { !$0.isDone }.count
                if remaining == 0 {
                    w.resume(.success(()))
                    return
                }
                for c in children where !c.isDone {
                    observations.observe(c) {
                        remaining -= 1
                        if !returnExceptions && !cancelled, let e = failure(of: c) {
                            w.resume(.failure(e))
                        } else if remaining == 0 {
                            w.resume(cancelled ? .failure(CancellationError()) : .success(()))
                        }
                    }
                }
            })
    } catch let e where !(e is CancellationError) || !cancelled {
        throw e
    }
    if cancelled { throw CancellationError() }
}

/// The error a finished task ended with (cancellation included), marking it retrieved.
func failure(of task: AnyLoopTask) -> (any Error)? {
    guard task.isDone else { return nil }
    do {
        return try task.error()
    } catch {
        return error
    }
}

extension EventLoop {
    /// `createTask` for an operation the caller received as `sending` but cannot prove
    /// disjoint to the compiler (elements of a parameter pack): each element is handed
    /// over exactly once, here.
    func createTask<T: Sendable>(handingOver operation: @escaping () async throws -> T) -> LoopTask<T> {
        let box = UncheckedBox(operation)
        return createTask(name: nil) { try await box.value() }
    }
}
