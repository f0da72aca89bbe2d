/// A meeting point for a fixed number of tasks: each `wait` suspends until `parties`
/// tasks are waiting, then all go on together, and the barrier can be used again.
///
/// Usage: `let index = try await barrier.wait()`
///
/// asyncio: `asyncio.Barrier` (3.11). Built, as in asyncio, on a `Condition`: the waits,
/// their order and their cancellation are the condition's. A barrier may be made
/// anywhere; it is bound to the running loop the first time a task waits on it, and is
/// used on that loop's thread only.
///
/// - Note: A task cancelled while waiting leaves with `CancellationError`; the barrier
///   still waits for `parties` tasks (the cancelled one is not counted).
public final class Barrier: CustomStringConvertible, @unchecked Sendable {
    // @unchecked Sendable: state touched only on the loop's thread, like an asyncio Barrier.

    /// Notifies every waiting task when the state changes.
    private let cond = Condition()
    private var machine: BarrierStateMachine

    /// Creates a barrier for `parties` tasks.
    ///
    /// Usage: `let barrier = try Barrier(parties: 3)` — asyncio: `asyncio.Barrier(parties)`.
    /// - Throws: `SyncValueError` ("parties must be > 0") if `parties` < 1.
    public init(parties: Int) throws {
        guard parties >= 1 else { throw SyncValueError("parties must be > 0") }
        machine = BarrierStateMachine(parties: parties)
    }

    /// The number of tasks that trip the barrier. asyncio: `parties`.
    public var parties: Int { machine.parties }
    /// The number of tasks waiting for it to fill. asyncio: `n_waiting`.
    public var nWaiting: Int { machine.nWaiting }
    /// Whether `abort` broke it (until `reset`). asyncio: `broken`.
    public var broken: Bool { machine.state == .broken }

    /// Waits until `parties` tasks are waiting, and returns this task's arrival index,
    /// from 0 to `parties - 1`. While the previous round drains (or a reset completes),
    /// arrivals wait for it first.
    ///
    /// Usage: `let index = try await barrier.wait()` — asyncio: `Barrier.wait()`.
    /// - Throws: `BrokenBarrierError` if the barrier is broken, or is aborted or reset
    ///   while the task waits; `CancellationError` if the task is cancelled;
    ///   `NoRunningLoopError` if it must wait outside a running loop.
    @discardableResult
    public func wait() async throws -> Int {
        try await cond.withLock {
            // Wait while the barrier drains or resets.
            try await cond.waitFor { !machine.blocksArrivals }
            switch machine.arrive() {
            case .broken:
                throw BrokenBarrierError("Barrier aborted")
            case .trip(let index):
                cond.wakeUp(Int.max)
                leave()
                return index
            case .wait(let index):
                do {
                    try await cond.waitFor { machine.outcome != .keepWaiting }
                    if machine.outcome == .broken { throw BrokenBarrierError("Abort or reset of barrier") }
                } catch {
                    leave()
                    throw error
                }
                leave()
                return index
            }
        }
    }

    /// A task that entered leaves; the last one out wakes tasks waiting to enter.
    private func leave() {
        if machine.leave() { cond.wakeUp(Int.max) }
    }

    /// Puts the barrier back to empty: tasks waiting get `BrokenBarrierError`, and it
    /// fills again once they are out. Also repairs a broken barrier.
    ///
    /// Usage: `try await barrier.reset()` — asyncio: `Barrier.reset()`.
    /// - Throws: `CancellationError` if the task is cancelled while taking the barrier's
    ///   lock (nothing changes then).
    public func reset() async throws {
        try await cond.withLock {
            machine.reset()
            cond.wakeUp(Int.max)
        }
    }

    /// Breaks the barrier: tasks waiting, and every later `wait` until `reset`, get
    /// `BrokenBarrierError`.
    ///
    /// Usage: `try await barrier.abort()` — asyncio: `Barrier.abort()`.
    /// - Throws: `CancellationError` if the task is cancelled while taking the barrier's
    ///   lock (nothing changes then).
    public func abort() async throws {
        try await cond.withLock {
            machine.abort()
            cond.wakeUp(Int.max)
        }
    }

    /// asyncio's repr: `<Barrier [filling, waiters:1/3]>`, `<Barrier [broken]>`.
    public var description: String {
        var extra = machine.state.rawValue
        if !broken { extra += ", waiters:\(nWaiting)/\(parties)" }
        return "<Barrier [\(extra)]>"
    }
}
