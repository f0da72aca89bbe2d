/// Makes a pull-based async sequence from a producer body, with Python's async-generator
/// semantics: the body runs only when the consumer asks for the next value, errors flow
/// to the consumer, and when the consumer stops early the body is cancelled at its
/// `yield` and its cleanup (`defer`) runs.
///
/// Usage:
/// ```swift
/// let countdown = AsyncIO.generator { (yield: Yield<Int>) in
///     for n in stride(from: 5, to: 0, by: -1) {
///         try await yield(n)
///         try await AsyncIO.sleep(1)
///     }
/// }
/// for try await n in countdown { print(n) }
/// ```
///
/// asyncio: an `async def` with `yield`, iterated with `async for`. Each iteration of the
/// sequence starts a fresh run of the body. The body runs in a task of its own on the
/// loop (Python runs it in the consumer's task): cancelling the consumer cancels it.
public func generator<Element: Sendable>(
    _ body: @escaping @Sendable (Yield<Element>) async throws -> Void
) -> AsyncGenerator<Element> {
    AsyncGenerator(body: body)
}

/// The producer's handle inside `AsyncIO.generator`: `try await yield(value)` hands a
/// value to the consumer and suspends until the consumer asks for the next one.
public struct Yield<Element: Sendable>: Sendable {
    let channel: GeneratorChannel<Element>

    /// Hands `value` to the consumer and waits until it asks for the next one.
    /// - Throws: `CancellationError` when the consumer stopped iterating (run your cleanup
    ///   and return or rethrow).
    public func callAsFunction(_ value: Element) async throws {
        try await channel.yield(value)
    }
}

/// The sequence `AsyncIO.generator` returns.
public struct AsyncGenerator<Element: Sendable>: AsyncSequence, Sendable {
    let body: @Sendable (Yield<Element>) async throws -> Void

    public func makeAsyncIterator() -> Iterator {
        Iterator(body: body)
    }

    /// Pulls values one at a time; releasing it early cancels the producer.
    public final class Iterator: AsyncIteratorProtocol {
        private let channel: GeneratorChannel<Element>

        init(body: @escaping @Sendable (Yield<Element>) async throws -> Void) {
            channel = GeneratorChannel(body: body)
        }

        public func next() async throws -> Element? {
            try await channel.next()
        }

        deinit {
            channel.consumerGone()
        }
    }
}

/// The hand-off between the consumer and the producer task. Loop thread only.
final class GeneratorChannel<Element: Sendable>: @unchecked Sendable {
    // @unchecked Sendable: created and used on the loop thread (the producer is a task on
    // the same loop); `consumerGone` from another thread goes through the inbox.
    private enum State {
        case notStarted
        /// The producer is running or waiting at a `yield`.
        case started
        case finished
    }

    private let body: @Sendable (Yield<Element>) async throws -> Void
    private var state = State.notStarted
    private var loop: EventLoop?
    private var producer: LoopTask<Void>?
    /// The consumer waiting in `next()`.
    private var consumer: Waiter<Element?>?
    /// The producer waiting in `yield` for the next request.
    private var producerWaiter: Waiter<Void>?
    /// A value handed to a consumer that was cancelled before it ran: the next `next()`
    /// returns it (the producer is not asked again meanwhile).
    private var handedBack: Element??

    init(body: @escaping @Sendable (Yield<Element>) async throws -> Void) {
        self.body = body
    }

    func next() async throws -> Element? {
        if let value = handedBack {
            handedBack = nil
            return value
        }
        if case .finished = state { return nil }
        let loop = try self.loop ?? runningLoop()
        self.loop = loop
        return try await loop.suspend(
            onCancel: { [self] w in
                producer?.cancel()
                w.resume(.failure(CancellationError()))
            },
            onLateCancel: { [self] value in
                // Woken with a value, then cancelled before it ran: the cancellation
                // surfaces here and the value is kept for the next call, so none is lost
                // (in asyncio the body runs in the consumer's task and hands it over at once).
                handedBack = value
            },
            register: { (w: Waiter<Element?>) in
                consumer = w
                switch state {
                case .notStarted:
                    state = .started
                    let body = self.body
                    let yield = Yield(channel: self)
                    producer = loop.createTask(name: "generator") { [self] in
                        do {
                            try await body(yield)
                            finish(.success(nil))
                        } catch {
                            finish(.failure(error))
                            throw error
                        }
                    }
                    producer?.markRetrieved()
                case .started:
                    producerWaiter?.resume(.success(()))
                    producerWaiter = nil
                case .finished:
                    w.resume(.success(nil))
                }
            })
    }

    /// Producer side of `yield`: deliver, then wait for the next request.
    func yield(_ value: Element) async throws {
        guard let loop else { throw NoRunningLoopError() }
        if case .finished = state { throw CancellationError() }
        let c = consumer
        consumer = nil
        try await loop.suspend { (w: Waiter<Void>) in
            producerWaiter = w
            c?.resume(.success(value))
        }
    }

    private func finish(_ result: Result<Element?, any Error>) {
        state = .finished
        let c = consumer
        consumer = nil
        c?.resume(result)
    }

    /// The consumer's iterator was released: cancel a producer that has not finished, so
    /// its cleanup runs.
    func consumerGone() {
        guard case .started = state, let loop, let producer else { return }
        let task = UncheckedBox(producer)
        loop.runOnLoop { if !task.value.isDone { task.value.cancel() } }
    }
}
