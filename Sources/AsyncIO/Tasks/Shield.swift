/// Waits for `task` but protects it from the waiter's cancellation: if the awaiting task
/// is cancelled, it gets `CancellationError` at once and `task` keeps running.
///
/// Usage: `let v = try await AsyncIO.shield(saveTask)`
///
/// asyncio: `asyncio.shield(aw)`.
/// - Throws: the task's error; `CancellationError` if the awaiting task is cancelled or
///   `task` itself is.
/// - Note: a cancelled waiter takes its observer back, so shielding a long-lived task
///   again and again leaves nothing behind on it.
nonisolated(nonsending) public func shield<T: Sendable>(_ task: LoopTask<T>) async throws -> T {
    if task.isDone { return try task.result() }
    let loop = try runningLoop()
    var observations = Observations()
    defer { observations.end() }
    return try await loop.suspend(
        onCancel: { w in w.resume(.failure(CancellationError())) },
        target: .shield(.passUnretained(task)),
        register: { w in
            observations.observe(task) { w.resume(Result { try task.result() }) }
        })
}

/// Starts `operation` as a task and waits for it under a shield.
///
/// Usage: `try await AsyncIO.shield { try await commit() }`
nonisolated(nonsending) public func shield<T: Sendable>(
    @_inheritActorContext _ operation: sending @escaping @isolated(any) () async throws -> T
) async throws -> T {
    let loop = try runningLoop()
    return try await shield(loop.createTask(operation))
}
