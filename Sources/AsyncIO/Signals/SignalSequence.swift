#if canImport(Glibc)
import Glibc
#endif

/// The signals the process receives, in arrival order, as an async sequence: what
/// `AsyncIO.signals(_:)` returns. Its handlers stay installed until `stop()` (or until the
/// sequence is released); then iteration ends.
///
/// Usage:
/// ```swift
/// for try await signal in try AsyncIO.signals([SIGTERM, SIGINT]) {
///     print("got \(signal)"); break
/// }
/// ```
///
/// asyncio has no such sequence; it is `loop.add_signal_handler` feeding a queue. Loop
/// thread only.
public final class SignalSequence: AsyncSequence, @unchecked Sendable {
    // @unchecked Sendable: used on its loop's thread only, like the loop's handlers.
    public typealias Element = Int32

    private let loop: EventLoop
    private let signals: [Int32]
    private let received = Queue<Int32>()
    private var stopped = false

    init(loop: EventLoop, signals: [Int32]) throws {
        self.loop = loop
        self.signals = signals
        let received = self.received
        do {
            for signal in signals {
                try loop.addSignalHandler(signal) { try? received.putNowait(signal) }
            }
        } catch {
            for signal in signals { loop.removeSignalHandler(signal) }
            throw error
        }
    }

    /// Removes the handlers (each signal gets its previous action back); iteration ends
    /// once the signals already received are read.
    ///
    /// Usage: `sequence.stop()`
    public func stop() {
        guard !stopped else { return }
        stopped = true
        for signal in signals { loop.removeSignalHandler(signal) }
        received.shutdown()
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let sequence: SignalSequence

        /// The next signal; nil once the sequence is stopped and drained.
        public mutating func next() async throws -> Int32? {
            do {
                return try await sequence.received.get()
            } catch is QueueShutDown {
                return nil
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(sequence: self) }

    deinit {
        guard !stopped else { return }
        let (loop, signals) = (loop, signals)
        loop.runOnLoop { for signal in signals { loop.removeSignalHandler(signal) } }
    }
}

/// The signals the process receives, as an async sequence, delivered on the running loop.
///
/// Usage: `for try await s in try AsyncIO.signals([SIGTERM]) { shutDown(); break }`
/// - Throws: `NoRunningLoopError` outside a loop; `ValueError` for a signal that cannot
///   be caught.
public func signals(_ signals: [Int32]) throws -> SignalSequence {
    try SignalSequence(loop: runningLoop(), signals: signals)
}
