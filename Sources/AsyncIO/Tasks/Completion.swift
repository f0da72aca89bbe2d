/// The outcome of a future or task and who is waiting for it: one engine shared by
/// `Future` and `LoopTask`. Loop thread only.
struct Completion<T> {
    private(set) var outcome: Result<T, any Error>?
    private var waiters: [Waiter<T>] = []
    /// Whether somebody looked at the error (asyncio's `__log_traceback` is the opposite).
    var retrieved = false

    var isDone: Bool { outcome != nil }

    var isCancelled: Bool {
        if case .failure(let e)? = outcome, e is CancellationError { return true }
        return false
    }

    /// Sets the outcome and resumes every waiter in the order they came. Returns them so
    /// the caller can run its callbacks after its own state is consistent.
    mutating func complete(_ result: Result<T, any Error>) {
        precondition(outcome == nil, "BUG IN AsyncIO: completed twice")
        outcome = result
        let list = waiters
        waiters = []
        if !list.isEmpty { retrieved = true }
        for w in list { w.resume(result) }
    }

    mutating func addWaiter(_ w: Waiter<T>) {
        waiters.append(w)
    }

    mutating func removeWaiter(_ w: Waiter<T>) {
        if let i = waiters.firstIndex(where: { $0 === w }) { waiters.remove(at: i) }
    }

    var waiterCount: Int { waiters.count }
}
