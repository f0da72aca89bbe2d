/// A flag tasks can wait for: `set` wakes every waiter, and later `wait`s return at once
/// until `clear`.
///
/// Usage: `try await ready.wait()`
///
/// asyncio: `asyncio.Event`. An event may be made anywhere; it is bound to the running
/// loop the first time a task waits on it, and is used on that loop's thread only.
///
/// - Note: Cancelling a waiting task removes it with `CancellationError`; the others keep
///   waiting. A task woken by `set` but cancelled before it ran gets `CancellationError`
///   (the event stays set, so nothing needs passing on).
public final class Event: CustomStringConvertible, @unchecked Sendable {
    // @unchecked Sendable: state touched only on the loop's thread, like an asyncio Event.

    private var binding = LoopBinding()
    private var flag = false
    /// Tasks suspended in `wait`, in arrival order.
    private var waiters = WaiterQueue<Void>()
    /// Waiters `set` woke that have not run yet (counted in `description`, as asyncio's
    /// `_waiters` still holds their futures).
    private var woken = 0

    /// Creates an event that is not set. Callable anywhere, with or without a running loop.
    ///
    /// Usage: `let ready = Event()` — asyncio: `asyncio.Event()`.
    public init() {}

    /// Whether the flag is set. asyncio: `is_set()`.
    public var isSet: Bool { flag }

    /// Sets the flag and wakes every waiter, in the order they came.
    ///
    /// Usage: `ready.set()` — asyncio: `Event.set()`.
    public func set() {
        binding.checkThread("Event.set")
        guard !flag else { return }
        flag = true
        for w in waiters.removeAll() {
            woken += 1
            w.resume(.success(()))
        }
    }

    /// Clears the flag: later `wait`s suspend until the next `set`. Waiters already woken
    /// still return.
    ///
    /// Usage: `ready.clear()` — asyncio: `Event.clear()`.
    public func clear() {
        flag = false
    }

    /// Waits until the flag is set; returns at once if it is.
    ///
    /// Usage: `try await ready.wait()` — asyncio: `Event.wait()`.
    /// - Throws: `CancellationError` if the waiting task is cancelled;
    ///   `NoRunningLoopError` if it must wait outside a running loop; `LoopStateError` if
    ///   the event is bound to another loop.
    public func wait(file: StaticString = #fileID, line: UInt = #line) async throws {
        if flag { return }
        let loop = try binding.get(description)
        try await loop.suspend(
            onCancel: { [self] w in
                waiters.remove(w)
                w.resume(.failure(CancellationError()))
            },
            onLateCancel: { [self] _ in woken -= 1 },
            target: .event(.of(self)), file: file, line: line,
            register: { [self] w in
                if flag {
                    woken += 1
                    w.resume(.success(()))
                } else {
                    waiters.append(w)
                }
            })
        woken -= 1
    }

    /// asyncio's repr: `<Event [set, waiters:2]>`.
    public var description: String {
        var extra = flag ? "set" : "unset"
        let n = waiters.count + woken
        if n > 0 { extra += ", waiters:\(n)" }
        return "<Event [\(extra)]>"
    }
}
