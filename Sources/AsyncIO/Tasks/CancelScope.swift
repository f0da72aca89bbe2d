/// A cancel scope: a block of a task's code that a cancellation can interrupt wherever it
/// waits, and whose Swift cancellation ends with it.
///
/// Swift's cancellation is sticky for the rest of a Swift task, asyncio's is one-shot. A
/// library await is interrupted by the loop itself (see `EventLoop.suspend`), but an
/// await the library does not own — `Task.sleep`, an `AsyncStream`, AsyncHTTPClient,
/// a database driver — listens only to Swift cancellation. So `timeout`, `waitFor` and
/// task-group bodies run in a scope: a child Swift task that stands in for the task while
/// the block runs (same record, so `currentTask()`, `cancelling()` and every library
/// primitive see the task itself). A cancellation that finds the task outside a library
/// await cancels the innermost scope's child task; when the block ends, so does that
/// Swift cancellation, and the task goes on under asyncio's rules.
///
/// Cost: one child task per scope (not per await). Loop thread only.
enum CancelScope {
    /// Runs `body` as `record`'s innermost cancel scope and returns what it returns.
    nonisolated(nonsending) static func run<R>(
        _ record: AnyLoopTask, _ body: () async throws -> R
    ) async throws -> R {
        let saved = (record.pointer, record.swiftTask)
        record.scopeStarting = true
        // An `async let` child: structured (a Swift cancellation of the task reaches it),
        // it inherits the task's executor preference (the loop), and this task waits for it.
        // The body is called only inside the child, while this task waits for it on the
        // same loop thread: it is never used concurrently.
        nonisolated(unsafe) let unsafeBody = body
        async let child = runChild(record, unsafeBody)
        let outcome = await child
        record.pointer = saved.0
        record.swiftTask = saved.1
        record.scopeStarting = false
        record.scopeEnding = false
        record.cancelScopeOnEntry = false
        if record.swiftCancelAfterScope {
            // A cancellation came between the body's end and here: the enclosing Swift
            // task is what its next await runs in, so that is what it interrupts.
            record.swiftCancelAfterScope = false
            if record.mustCancel { record.swiftTask?.cancel() }
        }
        return try outcome.value.get()
    }

    private static func runChild<R>(_ record: AnyLoopTask, _ body: () async throws -> R) async -> UncheckedBox<Result<R, any Error>> {
        await CurrentRecord.$value.withValue(record) {
            enter(record)
            // From the body's end until `run` resumes, the task awaits nothing of its own.
            defer { record.scopeEnding = true }
            do {
                return UncheckedBox(.success(try await body()))
            } catch {
                return UncheckedBox(.failure(error))
            }
        }
    }

    /// The child's first step: it becomes the task's running Swift task.
    private static func enter(_ record: AnyLoopTask) {
        let current = withUnsafeCurrentTask { $0 }
        record.pointer = current.map { unsafeBitCast($0, to: UnsafeRawPointer.self) }
        record.swiftTask = current
        record.scopeStarting = false
        if record.cancelScopeOnEntry {
            record.cancelScopeOnEntry = false
            current?.cancel()
        }
    }
}
