import DequeModule

/// A first-in, first-out queue for coordinating producer and consumer tasks.
///
/// Usage:
/// ```swift
/// let q = Queue<Int>(maxsize: 10)
/// AsyncIO.createTask { for i in 0..<100 { try await q.put(i) }; q.shutdown() }
/// for try await i in q { print(i) }
/// ```
///
/// asyncio: `asyncio.Queue`. See `QueueEngine` for the members: they are the same for
/// `LifoQueue` and `PriorityQueue`, which differ only in the order items come out.
public typealias Queue<Element: Sendable> = QueueEngine<FIFOQueueStorage<Element>>

/// The storage of a `Queue`: a ring buffer, items out in the order they went in.
///
/// asyncio: `Queue._queue`, a `collections.deque`.
public struct FIFOQueueStorage<Element: Sendable>: QueueStorage {
    @usableFromInline var _items = Deque<Element>()

    public static var queueTypeName: String { "Queue" }

    public init() {}

    @inlinable public var count: Int { _items.count }

    /// - Complexity: amortized O(1).
    @inlinable public mutating func put(_ item: Element) { _items.append(item) }

    /// - Complexity: O(1).
    @inlinable public mutating func take() -> Element? { _items.popFirst() }

    public var contents: [Element] { Array(_items) }
}
