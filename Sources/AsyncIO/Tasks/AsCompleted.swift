/// The tasks in the order they finish, as an `AsyncSequence`.
///
/// Usage:
/// ```swift
/// for try await task in AsyncIO.asCompleted(tasks) { print(try task.result()) }
/// ```
///
/// asyncio: `asyncio.as_completed(aws, timeout=)`; each element is a finished task (read
/// it with `result()`), so one failure does not end the iteration.
/// - Throws (from `next()`): `TimeoutError` once `timeout` seconds have passed since the
///   sequence was made; `CancellationError`.
public func asCompleted<T: Sendable>(_ tasks: [LoopTask<T>], timeout: Double? = nil) -> AsCompletedSequence<T> {
    AsCompletedSequence(tasks: tasks, timeout: timeout)
}

/// The sequence `AsyncIO.asCompleted` returns.
public struct AsCompletedSequence<T: Sendable>: AsyncSequence, @unchecked Sendable {
    // @unchecked Sendable: holds task handles, which are used on the loop thread only.
    public typealias Element = LoopTask<T>
    let tasks: [LoopTask<T>]
    let timeout: Double?

    public func makeAsyncIterator() -> Iterator {
        Iterator(tasks: tasks, timeout: timeout)
    }

    /// Yields each task once, when it is done.
    public final class Iterator: AsyncIteratorProtocol {
        private var finished: [LoopTask<T>] = []
        private var remaining: Int
        private var waiter: Waiter<Void>?
        private var deadline: Double?
        private let loop: EventLoop?
        private var timedOut = false

        init(tasks: [LoopTask<T>], timeout: Double?) {
            loop = EventLoop.current
            remaining = tasks.count
            if let timeout, let loop { deadline = loop.time() + timeout }
            for t in tasks {
                t.observeCompletion { [weak self] in
                    guard let self else { return }
                    self.finished.append(t)
                    self.waiter?.resume(.success(()))
                }
            }
        }

        public func next() async throws -> LoopTask<T>? {
            if finished.isEmpty && remaining > 0 {
                guard let loop else { throw NoRunningLoopError() }
                if let d = deadline, loop.time() >= d { throw TimeoutError() }
                var timer: TimerHandle?
                defer { timer?.cancel() }
                try await loop.suspend { (w: Waiter<Void>) in
                    if !finished.isEmpty {
                        w.resume(.success(()))
                        return
                    }
                    waiter = w
                    if let d = deadline {
                        timer = loop.scheduleAt(d) { [weak self] in
                            self?.timedOut = true
                            w.resume(.success(()))
                        }
                    }
                }
                waiter = nil
                if finished.isEmpty && timedOut { throw TimeoutError() }
            }
            guard !finished.isEmpty else { return nil }
            remaining -= 1
            return finished.removeFirst()
        }
    }
}
