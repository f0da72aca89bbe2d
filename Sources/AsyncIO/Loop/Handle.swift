/// A callback scheduled on the loop, which can be cancelled before it runs.
///
/// Usage: `let h = loop.scheduleSoon { print("later") }; h.cancel()`
///
/// asyncio: `asyncio.Handle`. Like all loop objects it is used on the loop's thread.
public class Handle: @unchecked Sendable {
    // @unchecked Sendable: the state is touched only on the loop's thread (checked in debug
    // mode); the type crosses threads only inside the loop's inbox, which hands it over
    // under a Mutex.
    @usableFromInline var callback: (() -> Void)?
    /// Whether `cancel()` was called.
    public private(set) var isCancelled = false

    @usableFromInline init(_ callback: @escaping () -> Void) {
        self.callback = callback
    }

    /// Prevents the callback from running; a no-op if it already ran.
    public func cancel() {
        if isCancelled { return }
        isCancelled = true
        callback = nil
        didCancel()
    }

    func didCancel() {}

    @inlinable
    func run() {
        guard let cb = callback else { return }
        callback = nil
        cb()
    }
}

/// A callback scheduled at a point in the loop's time.
///
/// asyncio: `asyncio.TimerHandle`.
public final class TimerHandle: Handle, @unchecked Sendable {
    /// The loop time at which the callback runs.
    public let when: Double
    let sequence: UInt64
    // Unowned: the heap clears it when the timer leaves (fired, dropped, or the loop closed).
    unowned(unsafe) var heap: TimerHeapOwner?

    init(when: Double, sequence: UInt64, _ callback: @escaping () -> Void) {
        self.when = when
        self.sequence = sequence
        super.init(callback)
    }

    override func didCancel() {
        heap?.timerCancelled()
    }
}
