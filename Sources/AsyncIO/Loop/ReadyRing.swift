/// One unit of work on the ready ring.
///
/// Jobs are tagged with the executor face they arrived through, because Swift needs to be
/// told which face runs them (a task job runs `on:` the task executor, an actor job
/// `isolatedTo:` the serial executor).
@usableFromInline
enum ReadyItem {
    /// A task job that arrived through the loop's `TaskExecutor` face.
    case taskJob(UnownedJob)
    /// An actor job that arrived through the loop's `SerialExecutor` face.
    case actorJob(UnownedJob)
    /// A callback scheduled with `callSoon` (or a due timer).
    case callback(Handle)
}

/// A FIFO ring of ready items with power-of-two capacity that doubles when full.
///
/// A plain ring measured as fast as swift-collections' `Deque` here, and lets the run cycle
/// take a pass of exactly the items that were ready when the pass began.
@usableFromInline
struct ReadyRing {
    @usableFromInline var _storage: [ReadyItem?]
    @usableFromInline var _head = 0
    @usableFromInline var _count = 0

    init(capacity: Int = LoopConstants.initialRingCapacity) {
        var cap = 1
        while cap < capacity { cap <<= 1 }
        _storage = Array(repeating: nil, count: cap)
    }

    var count: Int { _count }
    var isEmpty: Bool { _count == 0 }
    var capacity: Int { _storage.count }

    /// Appends at the tail. - Complexity: amortized O(1).
    @inlinable
    mutating func push(_ item: ReadyItem) {
        if _count == _storage.count { _grow() }
        _storage[(_head &+ _count) & (_storage.count &- 1)] = item
        _count &+= 1
    }

    /// Removes from the head. - Complexity: O(1).
    @inlinable
    mutating func pop() -> ReadyItem? {
        guard _count > 0 else { return nil }
        let item = _storage[_head]
        _storage[_head] = nil
        _head = (_head &+ 1) & (_storage.count &- 1)
        _count &-= 1
        return item
    }

    @usableFromInline
    mutating func _grow() {
        var bigger = [ReadyItem?](repeating: nil, count: _storage.count * 2)
        for i in 0..<_count {
            bigger[i] = _storage[(_head + i) & (_storage.count - 1)]
        }
        _storage = bigger
        _head = 0
    }

    /// Test hook: the physical slot of the head, to test every wrap-around layout.
    var _headSlot: Int { _head }
}
