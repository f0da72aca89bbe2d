/// The completion observers and the timer one wait registered, taken back together when
/// the wait ends, however it ends (satisfied, timed out, cancelled, abandoned): the one
/// piece behind `wait`, `shield`, `asCompleted` and `gather`, so that no early return
/// leaves a closure in a task's listener list or a live timer on the heap.
///
/// Usage (inside `EventLoop.suspend`'s `register`, with `defer { observations.end() }`
/// around the suspension): `observations.observe(task) { w.resume(.success(())) }`
///
/// asyncio: the `remove_done_callback` calls and `timeout_handle.cancel()` in the
/// `finally` of `tasks._wait`. Loop thread only.
struct Observations {
    private var observed: [(task: AnyLoopTask, token: ObserverToken)] = []
    private var timer: TimerHandle?

    init() {}

    /// Observes `task`: `observer` runs on the pass after it finishes, unless `end` comes
    /// first (at once if the task is already done; see `AnyLoopTask.observeCompletion`).
    mutating func observe(_ task: AnyLoopTask, _ observer: @escaping () -> Void) {
        if let token = task.observeCompletion(observer) { observed.append((task, token)) }
    }

    /// Runs `callback` `delay` seconds from now, unless `end` comes first (replaces the
    /// timer set before, if any).
    mutating func schedule(on loop: EventLoop, after delay: Double, _ callback: @escaping () -> Void) {
        timer?.cancel()
        timer = loop.scheduleLater(delay, callback)
    }

    /// Runs `callback` at loop time `when`, unless `end` comes first.
    mutating func schedule(on loop: EventLoop, at when: Double, _ callback: @escaping () -> Void) {
        timer?.cancel()
        timer = loop.scheduleAt(when, callback)
    }

    /// Cancels the timer only (the observers stay).
    mutating func cancelTimer() {
        timer?.cancel()
        timer = nil
    }

    /// Takes back every observer not yet called and cancels the timer. Observers of tasks
    /// that finished meanwhile are already scheduled: they still run (a resumed waiter
    /// ignores them). - Complexity: O(k log n) for k observers.
    mutating func end() {
        cancelTimer()
        for (task, token) in observed { task.stopObserving(token) }
        observed = []
    }
}
