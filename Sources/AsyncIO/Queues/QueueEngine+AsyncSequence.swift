/// A queue is an `AsyncSequence` of the items `get()` returns; the sequence ends when the
/// queue is shut down and empty.
///
/// Usage:
/// ```swift
/// for try await job in q { try await handle(job); try q.taskDone() }
/// ```
///
/// asyncio has no such thing; it is the `while True: item = await q.get()` loop that stops
/// at `QueueShutDown`. Iterating does not call `taskDone()`: call it yourself if someone
/// waits in `join()`. Several tasks may iterate the same queue; each item goes to one of them.
extension QueueEngine: AsyncSequence {
    /// Takes items with `get()` until it throws `QueueShutDown`.
    public struct AsyncIterator: AsyncIteratorProtocol {
        @usableFromInline let queue: QueueEngine

        @inlinable init(queue: QueueEngine) { self.queue = queue }

        /// The next item, waiting for one; nil once the queue is shut down and empty.
        ///
        /// - Throws: `CancellationError`; the loop errors of `get()`.
        @inlinable
        public mutating func next() async throws -> Element? {
            do {
                return try await queue.get()
            } catch is QueueShutDown {
                return nil
            }
        }

        /// `next()` run in the caller's isolation (what `for try await` calls), so taking
        /// an item that is there costs no executor hop.
        @inlinable
        public mutating func next(isolation actor: isolated (any Actor)?) async throws -> Element? {
            do {
                return try await queue.get()
            } catch is QueueShutDown {
                return nil
            }
        }
    }

    /// An iterator taking the queue's items. Usage: `var it = q.makeAsyncIterator()`.
    @inlinable
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(queue: self) }
}
