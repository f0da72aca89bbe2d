import HeapModule

/// Told when one of its timers is cancelled, so that it can compact lazily.
protocol TimerHeapOwner: AnyObject {
    func timerCancelled()
}

/// The loop's timers: a binary min-heap on (deadline, scheduling order) with lazy
/// cancellation, like asyncio's `_scheduled`.
///
/// Timers with the same deadline fire in the order they were scheduled. A cancelled timer
/// stays in the heap until it reaches the top or until more than half of a heap larger
/// than `LoopConstants.minTimersForCompaction` is cancelled, when the heap is rebuilt.
final class TimerHeap: TimerHeapOwner {
    struct Entry: Comparable {
        let when: Double
        let sequence: UInt64
        let handle: TimerHandle

        static func < (a: Entry, b: Entry) -> Bool {
            a.when < b.when || (a.when == b.when && a.sequence < b.sequence)
        }
        static func == (a: Entry, b: Entry) -> Bool {
            a.when == b.when && a.sequence == b.sequence
        }
    }

    private var heap = Heap<Entry>()
    private var nextSequence: UInt64 = 0
    private(set) var cancelledCount = 0

    /// Timers in the heap, cancelled ones included.
    var count: Int { heap.count }
    /// Timers that are still live.
    var liveCount: Int { heap.count - cancelledCount }

    /// Schedules `callback` at `when`. - Complexity: O(log n).
    func schedule(at when: Double, _ callback: @escaping () -> Void) -> TimerHandle {
        let handle = TimerHandle(when: when, sequence: nextSequence, callback)
        nextSequence &+= 1
        handle.heap = self
        heap.insert(Entry(when: when, sequence: handle.sequence, handle: handle))
        return handle
    }

    func timerCancelled() {
        cancelledCount += 1
        if heap.count > LoopConstants.minTimersForCompaction && cancelledCount * 2 > heap.count {
            compact()
        }
    }

    /// The earliest live deadline, dropping cancelled timers found on top.
    func nextDeadline() -> Double? {
        while let top = heap.min {
            if top.handle.isCancelled {
                _ = heap.removeMin()
                top.handle.heap = nil
                cancelledCount -= 1
                continue
            }
            return top.when
        }
        return nil
    }

    /// Removes and returns the next live timer due at or before `now`.
    func popDue(now: Double) -> TimerHandle? {
        while let top = heap.min, top.when <= now {
            _ = heap.removeMin()
            top.handle.heap = nil
            if top.handle.isCancelled {
                cancelledCount -= 1
                continue
            }
            return top.handle
        }
        return nil
    }

    /// Drops every timer (loop close).
    func removeAll() {
        for entry in heap.unordered { entry.handle.heap = nil }
        heap = Heap()
        cancelledCount = 0
    }

    private func compact() {
        var live: [Entry] = []
        live.reserveCapacity(heap.count - cancelledCount)
        for entry in heap.unordered {
            if entry.handle.isCancelled { entry.handle.heap = nil } else { live.append(entry) }
        }
        heap = Heap(live)
        cancelledCount = 0
    }

    /// Checks the heap property and the cancelled count (tests only).
    func _checkInvariants() -> Bool {
        let entries = Array(heap.unordered)
        let cancelled = entries.filter { $0.handle.isCancelled }.count
        guard cancelled == cancelledCount else { return false }
        var copy = heap
        var last: Entry?
        while let e = copy.popMin() {
            if let l = last, e < l { return false }
            last = e
        }
        return true
    }
}
