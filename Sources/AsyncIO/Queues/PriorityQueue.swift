import HeapModule

/// A queue that hands out its smallest item first.
///
/// Usage:
/// ```swift
/// let q = PriorityQueue<Job>()  // Job: Comparable, by priority
/// try q.putNowait(Job(priority: 2, name: "later")); try q.putNowait(Job(priority: 1, name: "first"))
/// let next = try await q.get()  // priority 1
/// ```
///
/// asyncio: `asyncio.PriorityQueue`, where entries are typically `(priority, data)` tuples;
/// here the element's own `Comparable` order decides. See `QueueEngine` for the members.
///
/// Ties: items that compare equal come out in an unspecified order, as with asyncio's
/// `heapq` (neither heap is stable), and not necessarily in the same order as asyncio's.
/// For first-in, first-out among equal priorities, make a counter part of the element and
/// of its `<`, as `heapq`'s documentation suggests for `(priority, count, task)` entries.
public typealias PriorityQueue<Element: Sendable & Comparable> =
    QueueEngine<PriorityQueueStorage<Element>>

/// The storage of a `PriorityQueue`: a min-max heap (swift-collections `Heap`), smallest
/// out first.
///
/// asyncio: `PriorityQueue._queue`, a list kept as a binary heap by `heapq`. The
/// `description` lists the items in heap storage order, as asyncio's does; the two
/// heaps lay items out differently.
public struct PriorityQueueStorage<Element: Sendable & Comparable>: QueueStorage {
    @usableFromInline var _items = Heap<Element>()

    public static var queueTypeName: String { "PriorityQueue" }

    public init() {}

    @inlinable public var count: Int { _items.count }

    /// - Complexity: O(log n).
    @inlinable public mutating func put(_ item: Element) { _items.insert(item) }

    /// - Complexity: O(log n).
    @inlinable public mutating func take() -> Element? { _items.popMin() }

    public var contents: [Element] { _items.unordered }
}
