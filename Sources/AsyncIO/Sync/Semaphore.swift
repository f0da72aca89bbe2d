/// A counter of permits: `acquire` takes one, waiting while there is none; `release`
/// gives one back. Waiters get permits in the order they asked.
///
/// Usage: `try await sem.withLock { try await fetch(url) }`
///
/// asyncio: `asyncio.Semaphore` (`async with sem:` is `withLock`). A semaphore may be made
/// anywhere; it is bound to the running loop the first time a task waits on it, and is
/// used on that loop's thread only. See `BoundedSemaphore` for one that refuses extra
/// releases.
///
/// - Note: Cancelling a task that waits in `acquire` removes it with `CancellationError`.
///   A task woken with a permit but cancelled before it ran gets `CancellationError` and
///   gives the permit back, to the next waiter if there is one.
public final class Semaphore: CustomStringConvertible, @unchecked Sendable {
    // @unchecked Sendable: state touched only on the loop's thread, like an asyncio Semaphore.

    private var binding = LoopBinding()
    /// Permits free now. A permit handed to a woken waiter is already taken off.
    private(set) var value: Int
    /// Tasks suspended in `acquire`, in arrival order.
    private var waiters = WaiterQueue<Void>()
    /// Waiters woken with a permit that have not run yet (asyncio: done futures still in
    /// `_waiters`). While one is on its way, newcomers queue behind it.
    private var woken = 0
    /// The type name shown by `description`.
    let kind: String

    /// Creates a semaphore with `value` permits.
    ///
    /// Usage: `let sem = try Semaphore(value: 3)` — asyncio: `asyncio.Semaphore(value)`.
    /// - Throws: `SyncValueError` ("Semaphore initial value must be >= 0") if `value` < 0.
    public convenience init(value: Int = 1) throws {
        try self.init(value: value, kind: "Semaphore")
    }

    init(value: Int, kind: String) throws {
        guard value >= 0 else { throw SyncValueError("Semaphore initial value must be >= 0") }
        self.value = value
        self.kind = kind
    }

    /// Whether `acquire` would wait: no permit is free, or somebody is queued ahead.
    /// asyncio: `locked()`.
    public var locked: Bool { value == 0 || !waiters.isEmpty || woken > 0 }

    /// Takes a permit, waiting for one if none is free or somebody is queued ahead.
    ///
    /// Usage: `try await sem.acquire()` — asyncio: `Semaphore.acquire()`.
    /// - Throws: `CancellationError` if the waiting task is cancelled (no permit is taken);
    ///   `NoRunningLoopError` if it must wait outside a running loop; `LoopStateError` if
    ///   the semaphore is bound to another loop.
    public func acquire() async throws {
        if !locked {
            value -= 1
            return
        }
        let loop = try binding.get(description)
        try await loop.suspend(
            onCancel: { [self] w in
                // Cancelled while queued: no permit was handed to it.
                waiters.remove(w)
                w.resume(.failure(CancellationError()))
            },
            onLateCancel: { [self] _ in
                // Woken with a permit, then cancelled before it ran: give it back.
                woken -= 1
                value += 1
                wakeUpNext()
            },
            target: .semaphore(.of(self)),
            register: { [self] w in
                waiters.append(w)
                // A permit freed between the check and here, with nobody on the way to
                // pass it down, is this waiter's.
                if value > 0 && woken == 0 { wakeUpNext() }
            })
        woken -= 1
        // Permits released while this task was on its way go on down the queue.
        if value > 0 { wakeUpNext() }
    }

    /// Gives a permit back, waking the first waiter with it.
    ///
    /// Usage: `sem.release()` — asyncio: `Semaphore.release()`.
    public func release() {
        binding.checkThread("\(kind).release")
        // Saturates instead of trapping: Int.max permits is already unlimited.
        if value < Int.max { value += 1 }
        wakeUpNext()
    }

    /// Hands a free permit to the first waiter. asyncio: `_wake_up_next`.
    private func wakeUpNext() {
        guard let w = waiters.popFirst() else { return }
        value -= 1
        woken += 1
        w.resume(.success(()))
    }

    /// Runs `body` holding a permit, and gives it back however `body` ends.
    ///
    /// Usage: `try await sem.withLock { try await download() }` — asyncio: `async with sem:`.
    /// - Throws: what `acquire` throws (then `body` does not run); what `body` throws.
    nonisolated(nonsending) public func withLock<R>(_ body: () async throws -> R) async throws -> R {
        try await holding(acquire: { try await self.acquire() }, release: { self.release() }, body)
    }

    /// asyncio's repr: `<Semaphore [unlocked, value:2]>`, `<Semaphore [locked, waiters:1]>`.
    public var description: String {
        var extra = locked ? "locked" : "unlocked, value:\(value)"
        let n = waiters.count + woken
        if n > 0 { extra += ", waiters:\(n)" }
        return "<\(kind) [\(extra)]>"
    }
}
