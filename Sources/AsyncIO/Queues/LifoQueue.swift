/// A last-in, first-out queue (a stack): `get` returns the item put most recently.
///
/// Usage:
/// ```swift
/// let q = LifoQueue<String>()
/// try q.putNowait("a"); try q.putNowait("b")
/// let top = try await q.get()  // "b"
/// ```
///
/// asyncio: `asyncio.LifoQueue`. See `QueueEngine` for the members.
public typealias LifoQueue<Element: Sendable> = QueueEngine<LIFOQueueStorage<Element>>

/// The storage of a `LifoQueue`: an array, items out from the end.
///
/// asyncio: `LifoQueue._queue`, a list (its `description` lists the next item out last).
public struct LIFOQueueStorage<Element: Sendable>: QueueStorage {
    @usableFromInline var _items: [Element] = []

    public static var queueTypeName: String { "LifoQueue" }

    public init() {}

    @inlinable public var count: Int { _items.count }

    /// - Complexity: amortized O(1).
    @inlinable public mutating func put(_ item: Element) { _items.append(item) }

    /// - Complexity: O(1).
    @inlinable public mutating func take() -> Element? { _items.popLast() }

    public var contents: [Element] { _items }
}
