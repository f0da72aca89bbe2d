import Synchronization

/// A result that another thread will set: what `loop.submit` returns.
///
/// Usage: `let v = try fut.wait(timeout: 5)` from a plain thread, or `try await fut.value`.
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
    /// - Throws: the operation's error; `TimeoutError` if the time ran out.
    public func wait(timeout: Double? = nil) throws -> T {
        let start = Posix.monotonicSeconds()
        lock.lock()
        defer { lock.unlock() }
        while true {
            if let o = outcome.withLock({ $0 }) { return try o.get() }
            var left: Double?
            if let timeout {
                left = timeout - (Posix.monotonicSeconds() - start)
                if let l = left, l <= 0 { throw TimeoutError() }
            }
            lock.wait(seconds: left)
        }
    }

    /// Cancels the task running the operation. asyncio: `Future.cancel()`.
    public func cancel() {
        let hook = cancelHook.withLock { $0 }
        hook?()
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
        callSoonThreadsafe { [self] in
            foreignWorkInFlight.subtract(1, ordering: .relaxed)
            let task = createTask(operation)
            future.onCancel { [self] in callSoonThreadsafe { task.cancel() } }
            task.observeCompletion { future.complete(Result { try task.result() }) }
        }
        return future
    }
}
