#if canImport(Glibc)
import Glibc
#endif

/// A bounded pool of threads for blocking work. Threads start on demand, up to
/// `maxWorkers`, and retire after `idleTimeout` seconds without work.
///
/// Usage:
/// ```swift
/// let pool = ThreadPool(maxWorkers: 4)
/// let n = try await loop.runInExecutor(pool) { countLines(path) }
/// pool.shutdown(wait: true)
/// ```
///
/// asyncio: `concurrent.futures.ThreadPoolExecutor`. Unlike CPython there is no GIL: work on
/// different threads runs in parallel on different cores. Each work item runs at most
/// once; an item cancelled before a thread picks it up never runs.
public final class ThreadPool: Sendable {
    /// The pool's states (SwiftNIO's `NIOThreadPool` keeps the same three).
    enum State { case running, shuttingDown, shutDown }

    private final class Shared: @unchecked Sendable {
        // @unchecked Sendable: every field is read and written with `lock` held.
        let lock = ConditionLock()
        var state = State.running
        var queue: [WorkItem] = []
        var queueHead = 0
        var threads = 0
        var idle = 0
    }

    /// The most threads the pool runs at once.
    public let maxWorkers: Int
    /// Seconds an idle thread waits for work before it exits.
    public let idleTimeout: Double
    private let shared = Shared()

    /// Python's default for `ThreadPoolExecutor`: `min(32, cores + 4)`.
    public static var defaultMaxWorkers: Int {
        min(32, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))) + 4)
    }

    /// - Parameters:
    ///   - maxWorkers: the bound on threads (default `min(32, cores + 4)`).
    ///   - idleTimeout: seconds before an idle thread retires (default 60).
    public init(maxWorkers: Int = ThreadPool.defaultMaxWorkers, idleTimeout: Double = 60) {
        self.maxWorkers = max(1, maxWorkers)
        self.idleTimeout = idleTimeout
    }

    /// Threads alive now (busy or idle).
    public var threadCount: Int { shared.lock.withLock { shared.threads } }

    /// Queues `item`. Returns false if the pool is shut down (the item is not run).
    func submit(_ item: WorkItem) -> Bool {
        let s = shared
        var startThread = false
        let accepted = s.lock.withLock { () -> Bool in
            guard s.state == .running else { return false }
            s.queue.append(item)
            if s.idle > 0 {
                s.lock.signal()
            } else if s.threads < maxWorkers {
                s.threads += 1
                startThread = true
            }
            return true
        }
        if startThread {
            do {
                try AsyncIO.startThread { [self] in self.workerLoop() }
            } catch {
                // No thread could be made: undo; a running thread (if any) takes the item.
                let orphaned = s.lock.withLock { () -> Bool in
                    s.threads -= 1
                    return s.threads == 0
                }
                if orphaned { item.fail(error) }
            }
        }
        return accepted
    }

    private func workerLoop() {
        let s = shared
        s.lock.lock()
        while true {
            if s.queueHead < s.queue.count {
                let item = s.queue[s.queueHead]
                s.queueHead += 1
                if s.queueHead > 64 && s.queueHead * 2 > s.queue.count {
                    s.queue.removeFirst(s.queueHead)
                    s.queueHead = 0
                }
                s.lock.unlock()
                item.run()
                s.lock.lock()
                continue
            }
            if s.state != .running { break }
            s.idle += 1
            let signalled = s.lock.wait(seconds: idleTimeout)
            s.idle -= 1
            if !signalled && s.queueHead >= s.queue.count && s.state == .running { break }  // retire
        }
        s.threads -= 1
        if s.threads == 0 && s.state == .shuttingDown { s.state = .shutDown }
        s.lock.broadcast()
        s.lock.unlock()
    }

    /// Stops accepting work. Work already queued still runs; with `wait`, returns once
    /// every thread has finished it and exited.
    ///
    /// asyncio: `Executor.shutdown(wait=)`.
    public func shutdown(wait: Bool = true) {
        let s = shared
        s.lock.lock()
        if s.state == .running { s.state = s.threads == 0 ? .shutDown : .shuttingDown }
        s.lock.broadcast()
        if wait {
            while s.threads > 0 { s.lock.wait() }
        }
        s.lock.unlock()
    }

    /// Whether `shutdown` was called.
    public var isShutDown: Bool { shared.lock.withLock { shared.state != .running } }
}

/// One call to make on a pool thread, made at most once: `cancel()` before a thread picks
/// it up means it never runs. Exactly one of three things happens: the body runs,
/// `cancel()` returns true, or `fail` reports the error. The closures are dropped at that
/// point, so an item a pool still lists holds nothing (a loop, a result) alive.
final class WorkItem: Sendable {
    private enum State {
        case pending(body: @Sendable () -> Void, onFailure: @Sendable (any Error) -> Void)
        case taken
    }

    /// Crosses threads (a pool thread runs the item, the loop cancels it): a `Locked`,
    /// which ThreadSanitizer sees, not a `Synchronization.Mutex`, which it does not.
    private let state: Locked<State>

    init(_ body: @escaping @Sendable () -> Void, onFailure: @escaping @Sendable (any Error) -> Void) {
        state = Locked(.pending(body: body, onFailure: onFailure))
    }

    /// Takes the closures if nothing happened to the item yet.
    private func take() -> (body: @Sendable () -> Void, onFailure: @Sendable (any Error) -> Void)? {
        state.withLock { s in
            guard case .pending(let body, let onFailure) = s else { return nil }
            s = .taken
            return (body, onFailure)
        }
    }

    func run() {
        take()?.body()
    }

    /// Returns true if this call stopped the item from ever running.
    @discardableResult
    func cancel() -> Bool {
        take() != nil
    }

    /// Reports `error` instead of running (no thread could take the item).
    func fail(_ error: any Error) {
        take()?.onFailure(error)
    }
}
