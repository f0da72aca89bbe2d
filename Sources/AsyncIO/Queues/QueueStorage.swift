/// Where a queue keeps its items and in which order it hands them out: the pluggable part
/// of `QueueEngine`, as asyncio's `Queue` subclasses override `_init`, `_put` and `_get`.
///
/// Usage: `typealias Queue<Element: Sendable> = QueueEngine<FIFOQueueStorage<Element>>`
///
/// The library provides `FIFOQueueStorage` (`Queue`), `LIFOQueueStorage` (`LifoQueue`)
/// and `PriorityQueueStorage` (`PriorityQueue`); a storage of your own gives a queue with
/// another order and the same waiting, backpressure, `join` and `shutdown` behaviour.
/// Storage is only touched by its queue, on the loop thread.
public protocol QueueStorage {
    associatedtype Element: Sendable

    /// The queue's name in its `description` ("Queue", "LifoQueue", …): asyncio prints
    /// `type(self).__name__`.
    static var queueTypeName: String { get }

    /// An empty storage. asyncio: `_init(maxsize)`.
    init()

    /// The number of items stored. asyncio: `len(self._queue)`.
    var count: Int { get }

    /// Adds an item. asyncio: `_put(item)`.
    mutating func put(_ item: Element)

    /// Removes and returns the next item, nil if there is none. asyncio: `_get()`.
    mutating func take() -> Element?

    /// The items in storage order, for `description` (asyncio: `list(self._queue)`).
    var contents: [Element] { get }
}
