/// A semaphore that refuses to be released more often than it was acquired: its permits
/// never exceed the initial value.
///
/// Usage: `let pool = try BoundedSemaphore(value: 4)`
///
/// asyncio: `asyncio.BoundedSemaphore`. Waits, ordering and cancellation are those of
/// `Semaphore`; only `release` differs.
public final class BoundedSemaphore: CustomStringConvertible, @unchecked Sendable {
    // @unchecked Sendable: state touched only on the loop's thread, like an asyncio semaphore.

    private let semaphore: Semaphore
    /// The initial value, which the free permits may never exceed.
    public let bound: Int

    /// Creates a bounded semaphore with `value` permits.
    ///
    /// Usage: `let sem = try BoundedSemaphore(value: 2)` — asyncio: `asyncio.BoundedSemaphore(value)`.
    /// - Throws: `SyncValueError` if `value` < 0.
    public init(value: Int = 1) throws {
        semaphore = try Semaphore(value: value, kind: "BoundedSemaphore")
        bound = value
    }

    /// Free permits now.
    var value: Int { semaphore.value }

    /// Whether `acquire` would wait. asyncio: `locked()`.
    public var locked: Bool { semaphore.locked }

    /// Takes a permit, waiting for one if needed.
    ///
    /// Usage: `try await sem.acquire()` — asyncio: `BoundedSemaphore.acquire()`.
    /// - Throws: see `Semaphore.acquire`.
    public func acquire() async throws {
        try await semaphore.acquire()
    }

    /// Gives a permit back.
    ///
    /// Usage: `try sem.release()` — asyncio: `BoundedSemaphore.release()`.
    /// - Throws: `SyncValueError` ("BoundedSemaphore released too many times") if every
    ///   permit is already free; nothing changes then.
    public func release() throws {
        if semaphore.value >= bound { throw SyncValueError("BoundedSemaphore released too many times") }
        semaphore.release()
    }

    /// Runs `body` holding a permit, and gives it back however `body` ends.
    ///
    /// Usage: `try await sem.withLock { try await work() }` — asyncio: `async with sem:`.
    /// - Throws: what `acquire` throws; what `body` throws; `SyncValueError` if `body`
    ///   released the permit itself and every permit is free.
    nonisolated(nonsending) public func withLock<R>(_ body: () async throws -> R) async throws -> R {
        try await holding(acquire: { try await self.acquire() }, release: { try self.release() }, body)
    }

    /// asyncio's repr: `<BoundedSemaphore [unlocked, value:2]>`.
    public var description: String { semaphore.description }
}
