import Synchronization

/// A task running on an event loop, whatever its result type: what `allTasks()` and
/// `currentTask()` return. See `LoopTask<T>` for the typed handle.
///
/// Cancellation follows asyncio, not Swift's sticky flag: `cancel()` delivers one
/// `CancellationError` at the task's current (or next) await of a library primitive; a
/// task that catches it may go on awaiting (to clean up), and `uncancel()` takes a
/// request back, which is how timeouts and task groups turn their own cancellation into
/// `TimeoutError` or `ExceptionGroup`. A task suspended in an await the library does not
/// own (`Task.sleep`, an `AsyncStream`, an HTTP or database client) is interrupted the
/// Swift way: its innermost cancel scope's Swift task is cancelled (see `CancelScope`).
/// `Task.isCancelled` sees only that Swift cancellation: read `cancelling()` instead.
///
/// asyncio: `asyncio.Task`. Loop thread only.
public class AnyLoopTask: CustomStringConvertible, @unchecked Sendable {
    // @unchecked Sendable: every mutable field is touched only on the loop's thread, like
    // an asyncio Task; the handle may be passed around, but its members are called on the
    // loop (debug mode checks it).

    /// The task's name: given to `createTask(name:)` (also the Swift task's name), else
    /// "Task-N", made only when asked for (spawning stays allocation-light).
    public var name: String {
        if let n = givenName { return n }
        return isEphemeral ? "<Swift task>" : "Task-\(number)"
    }
    private(set) var givenName: String?
    private let number: Int
    let loop: EventLoop?

    // MARK: cancellation (asyncio's _fut_waiter, _must_cancel, _num_cancels_requested)

    /// The waiter the task is suspended on, if it is suspended in a library primitive.
    @exclusivity(unchecked) var waiter: (any Interruptible)?
    /// A cancellation requested while the task was not suspended: delivered at its next await.
    @exclusivity(unchecked) var mustCancel = false
    /// Whether the task is suspended in a library await (from registration until it runs
    /// again): a cancellation finds it there, not in a foreign await.
    @exclusivity(unchecked) var inLibraryAwait = false
    /// Whether the body has started (a task cancelled before it starts never runs).
    var hasStarted = false
    /// The Swift task a cancellation interrupts when the task is suspended outside the
    /// library: the innermost cancel scope's child task, else the task's own.
    var swiftTask: UnsafeCurrentTask?
    /// A cancel scope whose child task has not started yet: it cancels itself on entry.
    var scopeStarting = false
    var cancelScopeOnEntry = false
    /// A cancel scope whose body has ended, on its way back to the enclosing code: a
    /// cancellation then cancels the enclosing Swift task once it is back.
    var scopeEnding = false
    var swiftCancelAfterScope = false
    var cancelRequests = 0
    var cancelMessage: String?

    // MARK: introspection (the call graph)

    /// What the task is suspended on, while `inLibraryAwait` (see `AwaitTarget`).
    @exclusivity(unchecked) var awaiting: AwaitTarget = .nothing
    /// Where in the user's code the current await is ("" and 0 when not known).
    @exclusivity(unchecked) var awaitFile: StaticString = ""
    @exclusivity(unchecked) var awaitLine: UInt = 0

    // MARK: bookkeeping

    /// The Swift task's pointer once it has started.
    var pointer: UnsafeRawPointer?
    /// A record made for a Swift task the library did not create (not listed by `allTasks`).
    let isEphemeral: Bool
    var ephemeralUsers = 0
    // The loop's `TaskList` links.
    var listNext: AnyLoopTask?
    // Unowned: while linked, the previous task is kept alive by the list itself.
    unowned(unsafe) var listPrev: AnyLoopTask?
    var inList = false
    /// Creation site, reported by debug mode.
    let file: StaticString
    let line: UInt

    private static let counter = Atomic<Int>(0)

    init(loop: EventLoop?, name: String?, ephemeral: Bool = false, file: StaticString = #fileID, line: UInt = #line) {
        self.loop = loop
        givenName = name
        number = ephemeral ? 0 : AnyLoopTask.counter.add(1, ordering: .relaxed).newValue
        self.isEphemeral = ephemeral
        self.file = file
        self.line = line
    }

    // MARK: state (overridden by LoopTask)

    /// Whether the task finished: returned, threw, or was cancelled. asyncio: `done()`.
    /// (A stored flag: the run cycle checks the main task's after every pass.)
    public final private(set) var isDone = false
    /// Whether the task ended by cancellation. asyncio: `cancelled()`.
    public final private(set) var isCancelled = false

    /// Records the outcome's kind; called once, when the task finishes.
    final func markDone(cancelled: Bool) {
        isDone = true
        isCancelled = cancelled
    }
    /// The error the task ended with, nil if it returned or is cancelled; reading it marks
    /// it retrieved. asyncio: `exception()`.
    ///
    /// - Throws: `InvalidStateError` if the task is not done, `CancellationError` if it was cancelled.
    public func error() throws -> (any Error)? { throw InvalidStateError("Result is not set.") }

    /// Sets the task's name. asyncio: `set_name`.
    public func setName(_ newName: String) { givenName = newName }

    /// Requests cancellation: the task gets `CancellationError` at the library await it is
    /// suspended on, or at its next one. A task cancelled before it started never runs.
    ///
    /// Usage: `task.cancel(message: "shutting down")` — asyncio: `Task.cancel(msg)`.
    /// - Returns: false if the task is already done.
    @discardableResult
    public func cancel(message: String? = nil) -> Bool {
        requestCancel(message: message) != nil
    }

    /// `cancel()` that says where the request went (nil: the task is done).
    @discardableResult
    func requestCancel(message: String? = nil) -> CancelRoute? {
        loop?.checkThread("LoopTask.cancel")
        if isDone { return nil }
        cancelRequests += 1
        cancelMessage = message
        return deliverCancellation()
    }

    /// Where a cancellation request went.
    enum CancelRoute { case libraryAwait, nextAwait, foreignAwait }

    /// Delivers one cancellation request: to the library waiter the task is suspended on;
    /// else at its next library await; and, when the task is suspended in an await the
    /// library does not own, also the Swift way, to its innermost cancel scope.
    @discardableResult
    func deliverCancellation() -> CancelRoute {
        if let w = waiter {
            waiter = nil
            w.interrupt()
            return .libraryAwait
        }
        mustCancel = true
        guard hasStarted, !inLibraryAwait, loop?.currentRecord() !== self else { return .nextAwait }
        if scopeEnding {
            // The body is over (a timeout firing now did not interrupt it): the request
            // waits for the task's next await, library or foreign.
            swiftCancelAfterScope = true
            return .nextAwait
        }
        if scopeStarting {
            // The body has not run yet; its first await may be foreign (a client call
            // under a deadline that has already passed), so it counts as one.
            cancelScopeOnEntry = true
        } else {
            swiftTask?.cancel()
        }
        return .foreignAwait
    }

    /// The number of cancellation requests not yet taken back. asyncio: `cancelling()`.
    public func cancelling() -> Int { cancelRequests }

    /// Takes back one cancellation request; returns the number left. asyncio: `uncancel()`.
    @discardableResult
    public func uncancel() -> Int {
        if cancelRequests > 0 { cancelRequests -= 1 }
        if cancelRequests == 0 { mustCancel = false }
        return cancelRequests
    }

    /// Calls `callback` on the loop (with `callSoon`) once the task is done; at once (also
    /// with `callSoon`) if it already is. Callbacks and tasks awaiting `value` are served
    /// in the order they came. asyncio: `add_done_callback`.
    public func addDoneCallback(_ callback: @escaping (AnyLoopTask) -> Void) {
        if isDone {
            loop?.scheduleSoon { callback(self) }
        } else {
            addCallback { callback(self) }
        }
    }

    /// Internal: `observer` runs on the pass after the task finishes, in its turn among the
    /// done callbacks and awaiting tasks (at once if the task is already done).
    ///
    /// - Returns: the token `stopObserving` takes; nil if the observer ran at once or
    ///   nothing was kept. A wait that can end before the task does registers through
    ///   `Observations`, which takes every observer back when the wait ends.
    @discardableResult
    func observeCompletion(_ observer: @escaping () -> Void) -> ObserverToken? {
        if isDone {
            observer()
            return nil
        }
        return addCallback(observer)
    }

    /// Takes back an observer that has not been called (does nothing once the task is
    /// done: its observers are then already scheduled). - Complexity: O(log n), amortized.
    func stopObserving(_ token: ObserverToken) {}

    /// Done callbacks and awaiting tasks still queued on the task (tests count them).
    var listenerCount: Int { 0 }

    /// Queues `callback` for the task's completion. `LoopTask` keeps it with its awaiting
    /// tasks; a record of a Swift task the library did not create never completes (the
    /// library does not see its end), so nothing is kept for it.
    @discardableResult
    func addCallback(_ callback: @escaping () -> Void) -> ObserverToken? { nil }

    /// Runs after the outcome is set and the listeners are queued: leaves the registry.
    func didFinish() {
        loop?.tasks.remove(self)
    }

    /// Marks the error as looked at (so it is not reported as never retrieved).
    func markRetrieved() {}

    var stateName: String {
        if !isDone { return cancelRequests > 0 ? "cancelling" : "pending" }
        if isCancelled { return "cancelled" }
        return "finished"
    }

    public var description: String {
        var s = "<LoopTask \(stateName) name='\(name)'"
        if waiter != nil { s += " waiting" }
        if loop?.debug == true { s += " created at \(file):\(line)" }
        return s + ">"
    }
}
