/// Starts `operation` as a task on the running loop and returns its handle at once; the
/// body starts on a later pass of the loop.
///
/// Usage: `let t = AsyncIO.createTask(name: "worker") { try await work() }`
///
/// asyncio: `asyncio.create_task(coro, name=)`. Called where no loop runs, it returns a
/// task that has already failed with `NoRunningLoopError` (its body never runs).
@discardableResult
public func createTask<T: Sendable>(
    name: String? = nil, file: StaticString = #fileID, line: UInt = #line,
    @_inheritActorContext _ operation: sending @escaping @isolated(any) () async throws -> T
) -> LoopTask<T> {
    guard let loop = EventLoop.current, loop.isRunning else {
        let t = LoopTask<T>(loop: nil, name: name, file: file, line: line)
        t.finish(.failure(NoRunningLoopError()))
        return t
    }
    return loop.createTask(name: name, file: file, line: line, operation)
}

/// The loop running on this thread.
///
/// Usage: `let loop = try AsyncIO.runningLoop()` — asyncio: `asyncio.get_running_loop()`.
/// - Throws: `NoRunningLoopError` outside a running loop.
public func runningLoop() throws -> EventLoop {
    guard let loop = EventLoop.current, loop.isRunning else { throw NoRunningLoopError() }
    return loop
}

/// The library task running now, or nil (outside a loop, or in a Swift task the library
/// did not create). asyncio: `asyncio.current_task()`.
public func currentTask() -> AnyLoopTask? {
    guard let loop = EventLoop.current, let r = loop.currentRecord(), !r.isEphemeral else { return nil }
    return r
}

/// The running loop's tasks that are not done yet (created with `createTask`, by
/// combinators, or the main task of `run`), in no particular order.
/// asyncio: `asyncio.all_tasks()`.
public func allTasks() -> [AnyLoopTask] {
    guard let loop = EventLoop.current else { return [] }
    return loop.tasks.pending
}
