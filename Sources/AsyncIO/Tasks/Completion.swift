/// Names one listener in a task's or future's completion list, so that a waiter that
/// returns early can take its observer back (`AnyLoopTask.stopObserving`).
struct ObserverToken: Hashable, Sendable {
    let id: Int
}

/// The outcome of a future or task and who is waiting for it: one engine shared by
/// `Future` and `LoopTask`. Loop thread only.
///
/// Awaiting tasks and done callbacks are one list, served in the order they came, as in
/// asyncio (where an awaiting task is just another done callback): when the outcome is
/// set, each waiter's task and each callback is queued on the loop, in that order, to run
/// on the next pass.
///
/// A callback can be removed before the outcome is set (asyncio: `remove_done_callback`):
/// waits that return early (`wait(timeout:)`, `shield` when cancelled, an abandoned
/// `asCompleted`) take their observer back, so polling a long-lived task does not grow
/// its list. Removal leaves a hole that the list skips; the holes are dropped when they
/// are at the end, when nothing live is left, or when they outnumber the live listeners
/// (the list is then compacted, in order).
struct Completion<T> {
    private(set) var outcome: Result<T, any Error>?
    /// In registration order, so in increasing `id` order (removal searches by halving).
    private var listeners: [Entry] = []
    /// Listeners not removed (`listeners` also holds holes).
    private(set) var listenerCount = 0
    private var nextID = 0
    /// Whether somebody looked at the error (asyncio's `__log_traceback` is the opposite).
    var retrieved = false

    private struct Entry {
        let id: Int
        /// Nil once removed.
        var listener: Listener?
    }

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

    /// Slots in the list, holes included (for tests: removal must keep it bounded).
    var listenerSlots: Int { listeners.count }

    /// Sets the outcome, then resumes each waiter and schedules each callback (with
    /// `schedule`, the loop's `callSoon`) in the order they came.
    mutating func complete(_ result: Result<T, any Error>, schedule: (@escaping () -> Void) -> Void) {
        precondition(outcome == nil, "BUG IN AsyncIO: completed twice")
        outcome = result
        let list = listeners
        listeners = []
        listenerCount = 0
        for entry in list {
            switch entry.listener {
            case .waiter(let w)?:
                retrieved = true
                w.resume(result)
            case .callback(let c)?:
                schedule(c)
            case nil:
                break
            }
        }
    }

    /// The `register` step of awaiting the outcome: resumes `w` at once if the outcome
    /// arrived meanwhile (the re-check of the suspend protocol), else queues it.
    mutating func addWaiterOrResume(_ w: Waiter<T>) {
        if let o = outcome {
            retrieved = true
            w.resume(o)
        } else {
            addWaiter(w)
        }
    }

    mutating func addWaiter(_ w: Waiter<T>) {
        _ = append(.waiter(w))
    }

    /// Queues `c` for the outcome; the token takes it back with `removeCallback`.
    /// - Complexity: amortized O(1).
    @discardableResult
    mutating func addCallback(_ c: @escaping () -> Void) -> ObserverToken {
        ObserverToken(id: append(.callback(c)))
    }

    /// Removes the callback `token` names, if it is still queued (once the outcome is set,
    /// every callback has been scheduled and this does nothing).
    /// - Complexity: O(log n), amortized.
    mutating func removeCallback(_ token: ObserverToken) {
        guard let i = index(of: token.id), listeners[i].listener != nil else { return }
        listeners[i].listener = nil
        listenerCount -= 1
        if listenerCount == 0 {
            listeners.removeAll()
        } else if i == listeners.count - 1 {
            // A hole at the end (the usual case: the latest poll taking its observer back).
            while let last = listeners.last, last.listener == nil { listeners.removeLast() }
        } else if listeners.count > Self.compactionMinimum && listeners.count > 2 * listenerCount {
            listeners.removeAll { $0.listener == nil }
        }
    }

    /// Lists shorter than this keep their holes until the outcome is set.
    private static var compactionMinimum: Int { 64 }

    private mutating func append(_ l: Listener) -> Int {
        let id = nextID
        nextID += 1
        listeners.append(Entry(id: id, listener: l))
        listenerCount += 1
        return id
    }

    /// The position of the entry with `id` (ids increase along the list).
    private func index(of id: Int) -> Int? {
        var low = 0
        var high = listeners.count
        while low < high {
            let mid = low + (high - low) / 2
            if listeners[mid].id < id { low = mid + 1 } else { high = mid }
        }
        return low < listeners.count && listeners[low].id == id ? low : nil
    }

    var waiterCount: Int {
        listeners.reduce(0) {
            if case .waiter? = $1.listener { return $0 + 1 }
            return $0
        }
    }
}
