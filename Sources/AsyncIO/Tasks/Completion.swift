/// The outcome of a future or task and who is waiting for it: one engine shared by
/// `Future` and `LoopTask`. Loop thread only.
///
/// Awaiting tasks and done callbacks are one list, served in the order they came, as in
/// asyncio (where an awaiting task is just another done callback): when the outcome is
/// set, each waiter's task and each callback is queued on the loop, in that order, to run
/// on the next pass.
struct Completion<T> {
    private(set) var outcome: Result<T, any Error>?
    private var listeners: [Listener] = []
    /// Whether somebody looked at the error (asyncio's `__log_traceback` is the opposite).
    var retrieved = false

    private enum Listener {
        /// A task suspended on the outcome.
        case waiter(Waiter<T>)
        /// A done callback or an internal observer (gather, wait, task groups).
        case callback(() -> Void)
    }

    var isDone: Bool { outcome != nil }

    var isCancelled: Bool {
        if case .failure(let e)? = outcome, e is CancellationError { return true }
        return false
    }

    /// Sets the outcome, then resumes each waiter and schedules each callback (with
    /// `schedule`, the loop's `callSoon`) in the order they came.
    mutating func complete(_ result: Result<T, any Error>, schedule: (@escaping () -> Void) -> Void) {
        precondition(outcome == nil, "BUG IN AsyncIO: completed twice")
        outcome = result
        let list = listeners
        listeners = []
        for l in list {
            switch l {
            case .waiter(let w):
                retrieved = true
                w.resume(result)
            case .callback(let c):
                schedule(c)
            }
        }
    }

    mutating func addWaiter(_ w: Waiter<T>) {
        listeners.append(.waiter(w))
    }

    mutating func addCallback(_ c: @escaping () -> Void) {
        listeners.append(.callback(c))
    }

    var waiterCount: Int {
        listeners.reduce(0) {
            if case .waiter = $1 { return $0 + 1 }
            return $0
        }
    }
}
