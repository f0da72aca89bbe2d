/// A handle to a task the library runs on its event loop.
///
/// Usage:
/// ```swift
/// let task = AsyncIO.createTask(name: "fetch") { try await fetch() }
/// let page = try await task.value
/// ```
///
/// asyncio: `asyncio.Task`. Awaiting `value` from a task that is then cancelled cancels
/// this task too (as `await task` does in asyncio); use `AsyncIO.shield` to prevent that.
/// If the task fails and nobody ever looks at its error, the loop's exception handler is
/// told "Task exception was never retrieved" when the handle is released.
public final class LoopTask<T: Sendable>: AnyLoopTask, @unchecked Sendable {
    // @unchecked Sendable: see AnyLoopTask.
    var completion = Completion<T>()


    /// Waits for the task and returns its value or rethrows its error.
    ///
    /// - Throws: the task's error; `CancellationError` if it was cancelled.
    /// - Note: cancelling the awaiting task cancels this task and keeps waiting for it to
    ///   finish, as in asyncio.
    nonisolated(nonsending) public var value: T {
        get async throws {
            try loop?.checkAwaitedOnThisLoop("\(self)")
            if let outcome = completion.outcome {
                completion.retrieved = true
                return try outcome.get()
            }
            guard let loop else { throw NoRunningLoopError() }
            return try await loop.suspend(
                onCancel: { [weak self] _ in self?.cancel() },
                target: .task(.passUnretained(self)),
                register: { w in
                    completion.addWaiterOrResume(w)
                })
        }
    }

    /// The value of a finished task.
    ///
    /// asyncio: `Task.result()`. - Throws: `InvalidStateError` if not done; the task's
    /// error; `CancellationError` if cancelled.
    public func result() throws -> T {
        guard let outcome = completion.outcome else { throw InvalidStateError("Result is not set.") }
        completion.retrieved = true
        return try outcome.get()
    }

    override public func error() throws -> (any Error)? {
        guard let outcome = completion.outcome else { throw InvalidStateError("Exception is not set.") }
        completion.retrieved = true
        switch outcome {
        case .success: return nil
        case .failure(let e):
            if e is CancellationError { throw e }
            return e
        }
    }

    override func markRetrieved() { completion.retrieved = true }

    override func addCallback(_ callback: @escaping () -> Void) -> ObserverToken? {
        completion.addCallback(callback)
    }

    override func stopObserving(_ token: ObserverToken) { completion.removeCallback(token) }

    override var listenerCount: Int { completion.listenerCount }

    init(loop: EventLoop?, name: String?, file: StaticString, line: UInt) {
        super.init(loop: loop, name: name, file: file, line: line)
    }

    /// Runs the body: the first thing the Swift task does on the loop.
    func start(_ operation: @isolated(any) () async throws -> T) async {
        await CurrentRecord.$value.withValue(self) { await run(operation) }
    }

    private func run(_ operation: @isolated(any) () async throws -> T) async {
        hasStarted = true
        swiftTask = withUnsafeCurrentTask { $0 }
        // A task cancelled before it started never runs its body (asyncio).
        if mustCancel || Task.isCancelled {
            finish(.failure(CancellationError()))
            return
        }
        do {
            let v = try await operation()
            if mustCancel {
                // Cancelled after its last await: asyncio reports the task cancelled.
                finish(.failure(CancellationError()))
            } else {
                finish(.success(v))
            }
        } catch {
            finish(.failure(error))
        }
    }

    func finish(_ result: Result<T, any Error>) {
        waiter = nil
        mustCancel = false
        swiftTask = nil
        if case .failure(let e) = result, e is CancellationError {
            markDone(cancelled: true)
        } else {
            markDone(cancelled: false)
        }
        completion.complete(result) { [loop] c in
            if let loop { loop.scheduleSoon(c) } else { c() }
        }
        didFinish()
    }

    deinit {
        if case .failure(let e)? = completion.outcome, !(e is CancellationError), !completion.retrieved {
            let ctx = ExceptionContext(message: "Task exception was never retrieved", error: e, taskName: name)
            if let loop { loop.reportFromAnyThread(ctx) }
        }
    }
}

extension EventLoop {
    /// Starts `operation` as a task on this loop. Call on the loop's thread.
    ///
    /// asyncio: `loop.create_task(coro, name=)`.
    @discardableResult
    public func createTask<T: Sendable>(
        name: String? = nil, file: StaticString = #fileID, line: UInt = #line,
        @_inheritActorContext _ operation: sending @escaping @isolated(any) () async throws -> T
    ) -> LoopTask<T> {
        checkThread("createTask")
        let task = LoopTask<T>(loop: self, name: name, file: file, line: line)
        if isClosed {
            // asyncio refuses at the call ("Event loop is closed"); a handle cannot be
            // refused here, so the task is born finished with that error, which awaiting
            // it throws (and the loop reports if nobody does).
            task.finish(.failure(LoopStateError("Event loop is closed")))
            return task
        }
        tasks.insert(task)
        let swiftTask: Task<Void, Never>
        if isWholeProgram {
            // The loop is the process's default executor: no preference needed, and
            // without one the runtime skips a status-record walk on every enqueue.
            swiftTask = Task(name: name) { await task.start(operation) }
        } else {
            swiftTask = Task(name: name, executorPreference: taskExecutorFace) {
                await task.start(operation)
            }
        }
        // A Swift task's pointer is its jobs' pointer: registering it now (before its first
        // job runs on a later pass) lets debug mode name the task even in that first job.
        let pointer = unsafeBitCast(swiftTask, to: UnsafeRawPointer.self)
        task.pointer = pointer
        // The pointer → task map serves debug mode only (naming the task a job belongs
        // to); the task finds its own record through a task-local (see `start`).
        if debug { tasks.setRecord(task, at: pointer) }
        return task
    }
}
