import Synchronization

/// A result that another thread will set: what `loop.submit` returns.
///
/// Usage: `let v = try fut.wait(timeout: 5)` from a plain thread.
///
/// asyncio: `concurrent.futures.Future` (from `run_coroutine_threadsafe`). Any thread.
public final class ThreadSafeFuture<T: Sendable>: Sendable {
    private let lock = ConditionLock()
    private let outcome = Locked<Result<T, any Error>?>(nil)
    private let cancelHook = Locked<(@Sendable () -> Void)?>(nil)

    init() {}

    func complete(_ result: Result<T, any Error>) {
        lock.withLock {
            outcome.withLock { if $0 == nil { $0 = result } }
            lock.broadcast()
        }
    }

    func onCancel(_ hook: @escaping @Sendable () -> Void) {
        cancelHook.withLock { $0 = hook }
    }

    /// Whether the result is set.
    public var isDone: Bool { outcome.withLock { $0 != nil } }

    /// Blocks the calling thread until the result is set (at most `timeout` seconds).
    ///
    /// Usage: `let v = try fut.wait(timeout: 2)` — asyncio: `Future.result(timeout)`.
    /// - Throws: the operation's error; `TimeoutError` if the time ran out (at once for a
    ///   NaN or non-positive timeout; `.infinity` waits without limit).
    public func wait(timeout: Double? = nil) throws -> T {
        let start = Posix.monotonicSeconds()
        lock.lock()
        defer { lock.unlock() }
        while true {
            if let o = outcome.withLock({ $0 }) { return try o.get() }
            var left: Double?
            if let timeout {
                left = timeout - (Posix.monotonicSeconds() - start)
                // NaN, like zero, has run out (asyncio: a NaN deadline is due at once).
                if let l = left, !(l > 0) { throw TimeoutError() }
            }
            lock.wait(seconds: left)
        }
    }

    /// Cancels: the future is done at once with `CancellationError` (`wait()` throws it
    /// without waiting), and the task is cancelled on its loop — or never runs, if the
    /// loop had not picked the work up yet.
    ///
    /// asyncio: `concurrent.futures.Future.cancel()` on what `run_coroutine_threadsafe`
    /// returned. - Returns: false if the future was already done.
    @discardableResult
    public func cancel() -> Bool {
        var cancelled = false
        lock.withLock {
            outcome.withLock {
                if $0 == nil {
                    $0 = .failure(CancellationError())
                    cancelled = true
                }
            }
            lock.broadcast()
        }
        if cancelled, let hook = cancelHook.withLock({ $0 }) { hook() }
        return cancelled
    }
}

extension EventLoop {
    /// Runs `operation` as a task on this loop, from any thread, and returns a future the
    /// calling thread can block on.
    ///
    /// Usage: `let v = try loop.submit { try await fetch() }.wait()`
    ///
    /// asyncio: `asyncio.run_coroutine_threadsafe(coro, loop)`. Any thread.
    @discardableResult
    public func submit<T: Sendable>(
        _ operation: @escaping @Sendable () async throws -> T
    ) -> ThreadSafeFuture<T> {
        let future = ThreadSafeFuture<T>()
        foreignWorkInFlight.add(1, ordering: .relaxed)
        let posted = postFromAnyThread { [self] in
            foreignWorkInFlight.subtract(1, ordering: .relaxed)
            // Cancelled before the loop picked it up: the body never runs (asyncio).
            if future.isDone { return }
            let task = createTask(operation)
            future.onCancel { [self] in postFromAnyThread { task.cancel() } }
            // Cancelled between the check and the hook: the hook was not there to call.
            if future.isDone { task.cancel() }
            task.observeCompletion { future.complete(Result { try task.result() }) }
        }
        if !posted {
            foreignWorkInFlight.subtract(1, ordering: .relaxed)
            future.complete(.failure(LoopStateError("Event loop is closed")))
        }
        return future
    }
}
