/// A condition variable: tasks holding its lock wait until another task notifies them,
/// then hold the lock again.
///
/// Usage: `try await cond.withLock { try await cond.waitFor { !items.isEmpty } }`
///
/// asyncio: `asyncio.Condition` (`async with cond:` is `withLock`). The lock is the one
/// given to `init`, shared with whoever else uses it, or a new one. A condition may be
/// made anywhere; it is bound to the running loop the first time a task waits on it, and
/// is used on that loop's thread only.
///
/// - Note: `wait` holds the lock again when it returns *and* when it throws, even when
///   the task is cancelled, as in asyncio. A task notified but cancelled before it
///   returned from `wait` passes the notification on to the next waiter (as asyncio 3.13
///   does; 3.11 drops it).
public final class Condition: CustomStringConvertible, @unchecked Sendable {
    // @unchecked Sendable: state touched only on the loop's thread, like an asyncio Condition.

    /// The underlying lock, shared with every condition made with it.
    public let lock: Lock
    private var binding = LoopBinding()
    /// Tasks suspended in `wait`, in arrival order.
    private var waiters = WaiterQueue<Void>()
    /// Waiters `notify` woke that have not run yet (counted in `description`, as
    /// asyncio's `_waiters` still holds their futures).
    private var woken = 0

    /// Creates a condition over `lock`, or over a new lock.
    ///
    /// Usage: `let cond = Condition(lock: lock)` — asyncio: `asyncio.Condition(lock)`.
    public init(lock: Lock? = nil) {
        self.lock = lock ?? Lock()
    }

    /// Whether the underlying lock is held. asyncio: `locked()`.
    public var locked: Bool { lock.locked }

    /// Takes the underlying lock. Usage: `try await cond.acquire()` — asyncio: `acquire()`.
    /// - Throws: see `Lock.acquire`.
    public func acquire() async throws {
        try await lock.acquire()
    }

    /// Releases the underlying lock. Usage: `try cond.release()` — asyncio: `release()`.
    /// - Throws: `SyncStateError` if the lock is not locked.
    public func release() throws {
        try lock.release()
    }

    /// Runs `body` holding the underlying lock, and releases it however `body` ends.
    ///
    /// Usage: `try await cond.withLock { try cond.notifyAll() }` — asyncio: `async with cond:`.
    /// - Throws: see `Lock.withLock`.
    nonisolated(nonsending) public func withLock<R>(_ body: () async throws -> R) async throws -> R {
        try await lock.withLock(body)
    }

    /// Releases the lock, waits until notified, then takes the lock again.
    ///
    /// Usage: `try await cond.wait()` — asyncio: `Condition.wait()`.
    /// - Throws: `SyncStateError` ("cannot wait on un-acquired lock") if the lock is not
    ///   held; `CancellationError` if the task is cancelled while waiting or while taking
    ///   the lock back (the lock is held again either way); `NoRunningLoopError` outside a
    ///   running loop; `LoopStateError` if the condition is bound to another loop.
    public func wait() async throws {
        guard lock.locked else { throw SyncStateError("cannot wait on un-acquired lock") }
        let loop = try binding.get(description)
        var notified = false
        var released = false
        var waitError: (any Error)?
        do {
            try await loop.suspend(
                onCancel: { [self] w in
                    waiters.remove(w)
                    w.resume(.failure(CancellationError()))
                },
                onLateCancel: { [self] _ in
                    // Notified, then cancelled before it ran: passed on below, once the
                    // lock is held again.
                    woken -= 1
                    notified = true
                },
                target: .condition(.of(self)),
                register: { [self] w in
                    // Queued before the lock is let go (as asyncio), so no notify is missed.
                    waiters.append(w)
                    try? lock.release()
                    released = true
                })
            woken -= 1
            notified = true
        } catch {
            waitError = error
        }
        // Cancelled before it could queue: the lock is still ours to let go of first.
        if !released { try? lock.release() }
        // Take the lock back even if cancelled. A loop cancellation is delivered once, so
        // trying again (at the back of the queue, as asyncio) succeeds; a cancelled Swift
        // task stays cancelled, so it waits for the lock without being interruptible.
        var cancelled = false
        while true {
            do {
                try await lock.acquire(cancellable: !Task.isCancelled)
                break
            } catch is CancellationError {
                cancelled = true
            }
        }
        let failure: (any Error)? = cancelled ? CancellationError() : waitError
        if let failure {
            // A notification this task will not act on goes to the next waiter.
            if notified && failure is CancellationError { wakeUp(1) }
            throw failure
        }
    }

    /// Waits until `predicate` holds: checks it, and calls `wait` while it does not.
    ///
    /// Usage: `try await cond.waitFor { queue.count > 0 }` — asyncio: `Condition.wait_for`.
    /// - Throws: what `wait` or `predicate` throws.
    public func waitFor(_ predicate: () throws -> Bool) async throws {
        var result = try predicate()
        while !result {
            try await wait()
            result = try predicate()
        }
    }

    /// Wakes up to `n` waiting tasks, first come first woken. Each returns from `wait`
    /// once it gets the lock back, so release the lock after notifying.
    ///
    /// Usage: `try cond.notify(2)` — asyncio: `Condition.notify(n)`.
    /// - Throws: `SyncStateError` ("cannot notify on un-acquired lock") if the lock is not held.
    public func notify(_ n: Int = 1) throws {
        guard lock.locked else { throw SyncStateError("cannot notify on un-acquired lock") }
        wakeUp(n)
    }

    /// Wakes every waiting task.
    ///
    /// Usage: `try cond.notifyAll()` — asyncio: `Condition.notify_all()`.
    /// - Throws: `SyncStateError` if the lock is not held.
    public func notifyAll() throws {
        try notify(Int.max)
    }

    /// Wakes up to `n` waiters (the caller holds the lock).
    func wakeUp(_ n: Int) {
        var left = n
        while left > 0, let w = waiters.popFirst() {
            woken += 1
            w.resume(.success(()))
            left -= 1
        }
    }

    /// asyncio's repr: `<Condition [locked, waiters:2]>`.
    public var description: String {
        var extra = lock.locked ? "locked" : "unlocked"
        let n = waiters.count + woken
        if n > 0 { extra += ", waiters:\(n)" }
        return "<Condition [\(extra)]>"
    }
}
