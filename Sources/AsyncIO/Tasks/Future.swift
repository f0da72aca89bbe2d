/// A result that will be set later, by whoever holds the future.
///
/// Usage:
/// ```swift
/// let fut: Future<Int> = try AsyncIO.runningLoop().createFuture()
/// loop.scheduleLater(1) { try? fut.setResult(42) }
/// let v = try await fut.value
/// ```
///
/// asyncio: `asyncio.Future`. Cancelling the task that awaits `value` cancels the future,
/// as in asyncio. Loop thread only.
public final class Future<T: Sendable>: CustomStringConvertible, @unchecked Sendable {
    // @unchecked Sendable: state touched only on the loop's thread, as an asyncio Future.
    let loop: EventLoop
    var completion = Completion<T>()
    private var cancelMessage: String?

    init(loop: EventLoop) { self.loop = loop }

    /// Whether a result, an error or a cancellation is set. asyncio: `done()`.
    public var isDone: Bool { completion.isDone }
    /// Whether the future was cancelled. asyncio: `cancelled()`.
    public var isCancelled: Bool { completion.isCancelled }

    /// Sets the result and wakes the waiters. asyncio: `set_result`.
    /// - Throws: `InvalidStateError` if the future is already done.
    public func setResult(_ value: T) throws {
        try complete(.success(value))
    }

    /// Sets an error and wakes the waiters. asyncio: `set_exception`.
    /// - Throws: `InvalidStateError` if the future is already done.
    public func setError(_ error: any Error) throws {
        try complete(.failure(error))
    }

    /// Cancels the future; waiters get `CancellationError`. asyncio: `cancel(msg)`.
    /// - Returns: false if the future is already done.
    @discardableResult
    public func cancel(message: String? = nil) -> Bool {
        if isDone { return false }
        cancelMessage = message
        try? complete(.failure(CancellationError()))
        return true
    }

    private func complete(_ result: Result<T, any Error>) throws {
        loop.checkThread("Future.set_result")
        if isDone { throw InvalidStateError("invalid state: \(self)") }
        completion.complete(result) { [loop] in loop.scheduleSoon($0) }
    }

    /// The result of a done future. asyncio: `result()`.
    /// - Throws: `InvalidStateError` if not done, the error set, or `CancellationError`.
    public func result() throws -> T {
        guard let o = completion.outcome else { throw InvalidStateError("Result is not set.") }
        completion.retrieved = true
        return try o.get()
    }

    /// The error of a done future (nil if it has a result). asyncio: `exception()`.
    /// - Throws: `InvalidStateError` if not done, `CancellationError` if cancelled.
    public func error() throws -> (any Error)? {
        guard let o = completion.outcome else { throw InvalidStateError("Exception is not set.") }
        completion.retrieved = true
        if case .failure(let e) = o {
            if e is CancellationError { throw e }
            return e
        }
        return nil
    }

    /// Waits for the future and returns its result.
    /// - Throws: the error set; `CancellationError` if the future or the waiting task is cancelled.
    nonisolated(nonsending) public var value: T {
        get async throws {
            try loop.checkAwaitedOnThisLoop("\(self)")
            if let o = completion.outcome {
                completion.retrieved = true
                return try o.get()
            }
            return try await loop.suspend(
                onCancel: { [weak self] w in
                    guard let self else { return }
                    if !self.cancel() { w.resume(.failure(CancellationError())) }
                },
                target: .future(.of(self)),
                register: { w in
                    completion.addWaiterOrResume(w)
                })
        }
    }

    /// Calls `callback` (through `callSoon`) once the future is done; callbacks and awaiting
    /// tasks are served in the order they came. asyncio: `add_done_callback`.
    public func addDoneCallback(_ callback: @escaping (Future<T>) -> Void) {
        if isDone { loop.scheduleSoon { callback(self) } } else { completion.addCallback { callback(self) } }
    }

    public var description: String {
        let state = !isDone ? "pending" : isCancelled ? "cancelled" : "finished"
        return "<Future \(state) waiters=\(completion.waiterCount)>"
    }

    deinit {
        if case .failure(let e)? = completion.outcome, !(e is CancellationError), !completion.retrieved {
            loop.reportFromAnyThread(ExceptionContext(message: "Future exception was never retrieved", error: e))
        }
    }
}

extension EventLoop {
    /// A new pending future bound to this loop. asyncio: `loop.create_future()`.
    public func createFuture<T: Sendable>(of type: T.Type = T.self) -> Future<T> {
        Future(loop: self)
    }
}
