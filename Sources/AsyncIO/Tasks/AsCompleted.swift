import DequeModule

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
    ///
    /// The iterator observes every task from the start; it takes its observers back when
    /// it times out or is dropped early (asyncio's `_on_timeout` removes its callbacks).
    public final class Iterator: AsyncIteratorProtocol {
        private var finished = Deque<LoopTask<T>>()
        private var remaining: Int
        private var waiter: Waiter<Void>?
        private var deadline: Double?
        private let loop: EventLoop?
        private var timedOut = false
        private var observations = Observations()

        init(tasks: [LoopTask<T>], timeout: Double?) {
            loop = EventLoop.current
            remaining = tasks.count
            if let timeout, let loop { deadline = loop.time() + timeout }
            for t in tasks {
                observations.observe(t) { [weak self] in
                    guard let self else { return }
                    self.finished.append(t)
                    self.waiter?.resume(.success(()))
                }
            }
        }

        public func next() async throws -> LoopTask<T>? {
            if finished.isEmpty && remaining > 0 {
                guard let loop else { throw NoRunningLoopError() }
                if let d = deadline, loop.time() >= d { throw timeOut() }
                defer {
                    observations.cancelTimer()
                    waiter = nil
                }
                try await loop.suspend { (w: Waiter<Void>) in
                    if !finished.isEmpty {
                        w.resume(.success(()))
                        return
                    }
                    waiter = w
                    if let d = deadline {
                        observations.schedule(on: loop, at: d) { [weak self] in
                            self?.timedOut = true
                            w.resume(.success(()))
                        }
                    }
                }
                if finished.isEmpty && timedOut { throw timeOut() }
            }
            guard let task = finished.popFirst() else { return nil }
            remaining -= 1
            return task
        }

        /// Ends the wait at the deadline: the tasks still pending are no longer observed.
        private func timeOut() -> TimeoutError {
            observations.end()
            return TimeoutError()
        }

        deinit {
            // Dropped before every task finished (a `break`, an error): take the observers
            // back, on the loop thread, which owns the tasks' listener lists.
            guard remaining > finished.count else { return }
            let pending = UncheckedBox(observations)
            if let loop, !loop.isOnLoopThread {
                loop.postFromAnyThread {
                    var o = pending.value
                    o.end()
                }
            } else {
                var o = pending.value
                o.end()
            }
        }
    }
}
