import DequeModule

/// A FIFO of suspended waiters with O(1) removal: the one fair waiter engine behind
/// `Lock`, `Semaphore`, `Condition`, `Event`, `Barrier` and `Queue` (Tokio's
/// `batch_semaphore` idea, asyncio's `collections.deque` of futures).
///
/// Removal is lazy: `remove` only uncounts the waiter, and `popFirst`/`first` skip
/// waiters that are no longer waiting (resumed or cancelled) when they reach the front.
/// Loop thread only.
///
/// The rules every primitive follows with it:
/// - Take a fast path only when `isEmpty` (nobody is queued), so nobody jumps the queue.
/// - Append inside the `register` closure of `EventLoop.suspend`, never across an await.
/// - In `onCancel`, `remove` the waiter and resume it with `CancellationError`.
/// - In `onLateCancel` (woken, then cancelled before running), hand the grant on.
///
/// `count` and `isEmpty` are visible to inlinable fast paths (`Queue.get`/`put`), which
/// take the slow path only when somebody waits.
@usableFromInline
struct WaiterQueue<T> {
    private var items = Deque<Waiter<T>>()
    /// Waiters still waiting.
    @usableFromInline private(set) var count = 0

    init() {}

    @inlinable var isEmpty: Bool { count == 0 }

    /// Adds `waiter` at the back. - Complexity: amortized O(1).
    mutating func append(_ waiter: Waiter<T>) {
        waiter.isQueued = true
        items.append(waiter)
        count += 1
    }

    /// Uncounts `waiter`; it is dropped when it reaches the front, or when removed waiters
    /// outnumber live ones (the line is then compacted: a waiter that never leaves the
    /// front must not make the line keep every waiter cancelled behind it).
    /// - Complexity: amortized O(1).
    mutating func remove(_ waiter: Waiter<T>) {
        guard waiter.isQueued else { return }
        waiter.isQueued = false
        count -= 1
        if items.first === waiter {
            items.removeFirst()
        } else if items.count > Self.compactionMinimum && items.count > 2 * count {
            compact()
        }
    }

    /// Lines shorter than this are never compacted: dropping at the front is enough there,
    /// and compacting costs a pass over the line.
    private static var compactionMinimum: Int { 64 }

    /// Drops every waiter no longer waiting, wherever it is, keeping the order of the rest.
    private mutating func compact() {
        var kept = Deque<Waiter<T>>(minimumCapacity: count)
        for w in items {
            if w.isQueued && w.isWaiting {
                kept.append(w)
            } else if w.isQueued {
                w.isQueued = false
                count -= 1
            }
        }
        items = kept
    }

    /// The first waiter still waiting, without removing it.
    mutating func first() -> Waiter<T>? {
        dropDead()
        return items.first
    }

    /// Removes and returns the first waiter still waiting. - Complexity: amortized O(1).
    mutating func popFirst() -> Waiter<T>? {
        dropDead()
        guard let w = items.popFirst() else { return nil }
        w.isQueued = false
        count -= 1
        return w
    }

    /// The entries held, removed waiters not yet dropped included (for tests).
    var slotCount: Int { items.count }

    /// Removes every waiter still waiting, in order.
    mutating func removeAll() -> [Waiter<T>] {
        var out: [Waiter<T>] = []
        while let w = popFirst() { out.append(w) }
        items.removeAll()
        return out
    }

    private mutating func dropDead() {
        while let f = items.first, !f.isQueued || !f.isWaiting {
            if f.isQueued {
                f.isQueued = false
                count -= 1
            }
            items.removeFirst()
        }
    }
}
