/// A mutual-exclusion lock for the tasks of one loop: at most one task holds it, and the
/// others get it in the order they asked.
///
/// Usage: `try await lock.withLock { balance += amount }`
///
/// asyncio: `asyncio.Lock` (`async with lock:` is `withLock`). As in asyncio, a lock is
/// not owned by a task: whoever holds it may release it, and releasing an unlocked lock
/// is an error, not a crash. A lock may be made anywhere; it is bound to the running loop
/// the first time a task waits on it, and is used on that loop's thread only.
///
/// - Note: Cancelling a task that waits in `acquire` removes it from the queue with
///   `CancellationError`. A task woken to take the lock but cancelled before it ran gets
///   `CancellationError` and passes the lock on to the next waiter.
///
/// Difference from asyncio: a waiter cancelled while queued leaves the queue at once.
/// asyncio leaves its cancelled future at the head until the task runs, so a `release`
/// in between wakes the next waiter one loop pass later than here; the order in which
/// waiters get the lock is the same.
public final class Lock: CustomStringConvertible, @unchecked Sendable {
    // @unchecked Sendable: state touched only on the loop's thread, like an asyncio Lock.

    private var binding = LoopBinding()
    private var isLocked = false
    /// Tasks suspended in `acquire`, in arrival order.
    private var waiters = WaiterQueue<Void>()
    /// Waiters `release` woke that have not run yet (asyncio: a done future still at the
    /// head of `_waiters`). The lock is promised to such a waiter: nobody takes the fast
    /// path and nobody else is woken until it takes the lock or, cancelled, passes it on.
    private var woken = 0

    /// Creates an unlocked lock. Callable anywhere, with or without a running loop.
    ///
    /// Usage: `let lock = Lock()` — asyncio: `asyncio.Lock()`.
    public init() {}

    /// Whether some task holds the lock. asyncio: `locked()`.
    public var locked: Bool { isLocked }

    /// Waits until the lock is free and takes it. Returns at once only if the lock is free
    /// and nobody is queued, so a newcomer never jumps the queue.
    ///
    /// Usage: `try await lock.acquire(); defer { try? lock.release() }`
    ///
    /// asyncio: `Lock.acquire()`.
    /// - Throws: `CancellationError` if the waiting task is cancelled (the lock is not
    ///   taken); `NoRunningLoopError` if it must wait outside a running loop;
    ///   `LoopStateError` if the lock is bound to another loop.
    public func acquire(file: StaticString = #fileID, line: UInt = #line) async throws {
        try await acquire(cancellable: true, file: file, line: line)
    }

    /// `acquire`; with `cancellable` false, it waits for the lock even if the task is
    /// cancelled (`Condition.wait` re-acquiring in a cancelled Swift task).
    func acquire(cancellable: Bool, file: StaticString = "", line: UInt = 0) async throws {
        if !isLocked && waiters.isEmpty && woken == 0 {
            isLocked = true
            return
        }
        let loop = try binding.get(description)
        try await loop.suspend(
            cancellable: cancellable,
            onCancel: { [self] w in
                // Cancelled while queued: nothing was promised to it.
                waiters.remove(w)
                w.resume(.failure(CancellationError()))
            },
            onLateCancel: { [self] _ in
                // Woken, then cancelled before it ran: the lock goes to the next waiter.
                woken -= 1
                if !isLocked { wakeUpFirst() }
            },
            target: .lock(.passUnretained(self)), file: file, line: line,
            register: { [self] w in
                waiters.append(w)
                if !isLocked { wakeUpFirst() }
            })
        woken -= 1
        isLocked = true
    }

    /// Releases the lock and wakes the first waiter, if any.
    ///
    /// Usage: `try lock.release()` — asyncio: `Lock.release()`.
    /// - Throws: `SyncStateError` ("Lock is not acquired.") if the lock is not locked.
    public func release() throws {
        binding.checkThread("Lock.release")
        guard isLocked else { throw SyncStateError("Lock is not acquired.") }
        isLocked = false
        wakeUpFirst()
    }

    /// Wakes the first waiter, unless one already woken is on its way (it will take the
    /// lock, or pass it on if cancelled). asyncio: `_wake_up_first`.
    private func wakeUpFirst() {
        guard woken == 0, let w = waiters.popFirst() else { return }
        woken += 1
        w.resume(.success(()))
    }

    /// Runs `body` holding the lock, and releases it however `body` ends.
    ///
    /// Usage: `let v = try await lock.withLock { try await shared.update() }`
    ///
    /// asyncio: `async with lock:`.
    /// - Throws: what `acquire` throws (then `body` does not run); what `body` throws;
    ///   `SyncStateError` if `body` released the lock itself.
    nonisolated(nonsending) public func withLock<R>(_ body: () async throws -> R) async throws -> R {
        try await holding(acquire: { try await self.acquire() }, release: { try self.release() }, body)
    }

    /// asyncio's repr: `<Lock [locked, waiters:2]>`. Waiters count those queued and those
    /// woken that have not run yet.
    public var description: String {
        var extra = isLocked ? "locked" : "unlocked"
        let n = waiters.count + woken
        if n > 0 { extra += ", waiters:\(n)" }
        return "<Lock [\(extra)]>"
    }
}
