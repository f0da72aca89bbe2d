/// A barrier was aborted or reset while a task waited at it, or a task arrived at a
/// broken barrier.
///
/// Usage: `do { try await barrier.wait() } catch let e as BrokenBarrierError { … }`
///
/// asyncio: `asyncio.BrokenBarrierError`.
public struct BrokenBarrierError: Error, CustomStringConvertible, Sendable {
    /// asyncio's message: "Barrier aborted" or "Abort or reset of barrier".
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "BrokenBarrierError: \(message)" }
}

/// A synchronization primitive was used in a way its state forbids: a lock released that
/// is not locked, a condition waited on or notified without holding its lock.
///
/// Usage: `do { try lock.release() } catch let e as SyncStateError { print(e.message) }`
///
/// asyncio: the `RuntimeError`s of `Lock.release` ("Lock is not acquired."),
/// `Condition.wait` ("cannot wait on un-acquired lock") and `Condition.notify`
/// ("cannot notify on un-acquired lock").
public struct SyncStateError: Error, CustomStringConvertible, Sendable {
    /// asyncio's message.
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "SyncStateError: \(message)" }
}

/// A synchronization primitive was given a value out of its range: a semaphore's negative
/// initial value, a bounded semaphore released more often than acquired, a barrier for
/// fewer than one task.
///
/// Usage: `do { try sem.release() } catch let e as SyncValueError { print(e.message) }`
///
/// asyncio: the `ValueError`s of `Semaphore()`, `BoundedSemaphore.release` and `Barrier()`.
public struct SyncValueError: Error, CustomStringConvertible, Sendable {
    /// asyncio's message.
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "SyncValueError: \(message)" }
}
