/// `getNowait()` found the queue empty.
///
/// Usage: `do { item = try q.getNowait() } catch is QueueEmpty { … }`
///
/// asyncio: `asyncio.QueueEmpty`.
public struct QueueEmpty: Error, CustomStringConvertible, Sendable, Equatable {
    public init() {}
    public var description: String { "QueueEmpty" }
}

/// `putNowait(_:)` found the queue full (`qsize == maxsize`).
///
/// Usage: `do { try q.putNowait(item) } catch is QueueFull { … }`
///
/// asyncio: `asyncio.QueueFull`.
public struct QueueFull: Error, CustomStringConvertible, Sendable, Equatable {
    public init() {}
    public var description: String { "QueueFull" }
}

/// The queue was shut down: a put after `shutdown`, or a get once a shut-down queue is
/// empty (at once after `shutdown(immediate: true)`, which empties it).
///
/// Usage: `do { try await q.put(item) } catch is QueueShutDown { … }`
///
/// asyncio: `asyncio.QueueShutDown` (3.13).
public struct QueueShutDown: Error, CustomStringConvertible, Sendable, Equatable {
    public init() {}
    public var description: String { "QueueShutDown" }
}

/// `taskDone()` was called more often than items were put.
///
/// Usage: `do { try q.taskDone() } catch let e as QueueValueError { print(e.message) }`
///
/// asyncio: the `ValueError` of `Queue.task_done()`, with its message ("task_done() called
/// too many times").
public struct QueueValueError: Error, CustomStringConvertible, Sendable, Equatable {
    /// asyncio's message.
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "QueueValueError: \(message)" }
}
