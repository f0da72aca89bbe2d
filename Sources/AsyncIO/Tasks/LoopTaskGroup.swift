/// Children started inside `AsyncIO.withTaskGroup`; the group waits for all of them.
///
/// Usage:
/// ```swift
/// try await AsyncIO.withTaskGroup { tg in
///     tg.createTask { try await download(a) }
///     tg.createTask { try await download(b) }
/// }   // both done here
/// ```
///
/// asyncio: `asyncio.TaskGroup` (3.11). The first child failure cancels the other children
/// and the body; all non-cancellation errors come out together as an `ExceptionGroup`; an
/// error in the body cancels the children too and joins the group.
public final class LoopTaskGroup: @unchecked Sendable {
    // @unchecked Sendable: loop thread only, like the asyncio TaskGroup it mirrors.
    let loop: EventLoop
    /// The task running the body (for a Swift task the library did not create, a record
    /// made for it).
    let parent: AnyLoopTask
    private var children: [ObjectIdentifier: AnyLoopTask] = [:]
    private(set) var errors: [any Error] = []
    private var aborting = false
    private var exiting = false
    private var parentCancelRequested = false
    /// The body was interrupted in an await the library does not own: whatever that await
    /// threw stands for the group's cancellation of the body.
    private var bodyInterruptedForeign = false
    private var onCompleted: Waiter<Void>?

    /// The children still running (the call graph lists them under the group's await).
    var runningChildren: [AnyLoopTask] { Array(children.values) }

    init(loop: EventLoop, parent: AnyLoopTask) {
        self.loop = loop
        self.parent = parent
    }

    /// Starts a child task in the group.
    ///
    /// - Throws: `LoopStateError` if the group is shutting down (a child failed) or has finished.
    @discardableResult
    public func createTask<T: Sendable>(
        name: String? = nil, file: StaticString = #fileID, line: UInt = #line,
        @_inheritActorContext _ operation: sending @escaping @isolated(any) () async throws -> T
    ) throws -> LoopTask<T> {
        if exiting && children.isEmpty { throw LoopStateError("TaskGroup \(self) is finished") }
        if aborting { throw LoopStateError("TaskGroup \(self) is shutting down") }
        let task = loop.createTask(name: name, file: file, line: line, operation)
        children[ObjectIdentifier(task)] = task
        task.observeCompletion { [unowned self, unowned task] in self.childDone(task) }
        return task
    }

    private func abort() {
        aborting = true
        for c in children.values where !c.isDone { c.cancel() }
    }

    private func childDone(_ task: AnyLoopTask) {
        children[ObjectIdentifier(task)] = nil
        if children.isEmpty, let w = onCompleted {
            onCompleted = nil
            w.resume(.success(()))
        }
        if task.isCancelled { return }
        guard let e = failure(of: task) else { return }
        errors.append(e)
        if parent.isDone && !parent.isEphemeral {
            loop.callExceptionHandler(ExceptionContext(
                message: "Task \(task.name) has errored out but its parent task \(parent.name) is already completed",
                error: e, taskName: task.name))
            return
        }
        if !aborting && !parentCancelRequested {
            // Cancel the body (it is still running or awaiting): the group takes this
            // cancellation back in `exit`, so the caller sees the ExceptionGroup.
            abort()
            parentCancelRequested = true
            bodyInterruptedForeign = parent.requestCancel() == .foreignAwait
        }
    }

    /// asyncio's `TaskGroup.__aexit__`: wait for the children, then decide what to throw.
    nonisolated(nonsending) func exit(bodyError thrown: (any Error)?) async throws {
        exiting = true
        // The body's error when the group interrupted a foreign await: the cancellation.
        let bodyError: (any Error)? = thrown.map { bodyInterruptedForeign ? CancellationError() : $0 }
        var propagateCancellation: (any Error)? = bodyError is CancellationError ? bodyError : nil
        if parentCancelRequested {
            if parent.uncancel() == 0 { propagateCancellation = nil }
        }
        if bodyError != nil && !aborting { abort() }
        while !children.isEmpty {
            do {
                try await loop.suspend(cancellable: !aborting, target: .taskGroup(.passUnretained(self))) { (w: Waiter<Void>) in
                    if children.isEmpty { w.resume(.success(())) } else { onCompleted = w }
                }
            } catch {
                // The parent task is being cancelled while children still run.
                onCompleted = nil
                propagateCancellation = error
                abort()
            }
        }
        if let c = propagateCancellation, errors.isEmpty { throw c }
        if let b = bodyError, !(b is CancellationError) { errors.append(b) }
        if !errors.isEmpty { throw ExceptionGroup("unhandled errors in a TaskGroup", errors) }
    }
}

/// Runs `body` with a task group and returns its value once every child is done.
///
/// Usage: `try await AsyncIO.withTaskGroup { tg in tg.createTask { … } }`
///
/// - Throws: `ExceptionGroup` with every child (and body) error that is not a
///   cancellation; `CancellationError` if the awaiting task was cancelled from outside;
///   `NoRunningLoopError` outside a loop.
nonisolated(nonsending) public func withTaskGroup<R>(_ body: (LoopTaskGroup) async throws -> R) async throws -> R {
    let loop = try runningLoop()
    guard let parent = loop.ensureRecord() else { throw NoRunningLoopError() }
    defer { loop.releaseRecord(parent) }
    let group = LoopTaskGroup(loop: loop, parent: parent)
    let result: R
    do {
        // A cancel scope: a failing child interrupts the body wherever it waits.
        result = try await CancelScope.run(parent) { try await body(group) }
    } catch {
        try await group.exit(bodyError: error)
        throw error  // exit always throws when the body threw; kept for the compiler
    }
    try await group.exit(bodyError: nil)
    return result
}
