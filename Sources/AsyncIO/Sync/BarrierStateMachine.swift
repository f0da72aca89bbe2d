/// The state of a `Barrier` and its count of tasks inside: asyncio's `_BarrierState` with
/// the transitions `locks.py` makes in `Barrier.wait`, `_exit`, `reset` and `abort`.
/// A plain value: `Barrier` holds its condition's lock around every call and does the
/// waiting and notifying. Loop thread only.
struct BarrierStateMachine {
    enum State: String {
        /// Tasks arrive and wait until `parties` of them are in.
        case filling
        /// The last party arrived: the waiters leave with their index; new arrivals wait
        /// until every one of them is out.
        case draining
        /// `reset` was called while tasks were inside: they leave with
        /// `BrokenBarrierError`; new arrivals wait until every one of them is out.
        case resetting
        /// `abort` was called: every waiter and every later arrival gets
        /// `BrokenBarrierError` until `reset`.
        case broken
    }

    /// What an arriving task does.
    enum Arrival: Equatable {
        /// It is the last party: it returns `index`, releasing the others.
        case trip(index: Int)
        /// It waits for the others, then returns `index`.
        case wait(index: Int)
        /// The barrier is broken: it throws.
        case broken
    }

    /// What a waiting task does once the state is no longer `filling`.
    enum Outcome: Equatable {
        case keepWaiting, released, broken
    }

    let parties: Int
    private(set) var state: State = .filling
    /// Tasks inside `wait` past the entry check (asyncio's `_count`).
    private(set) var count = 0

    init(parties: Int) {
        self.parties = parties
    }

    /// Whether an arriving task must wait before it may enter (asyncio's `_block`).
    var blocksArrivals: Bool { state == .draining || state == .resetting }

    /// A task enters the barrier (after `blocksArrivals` turned false).
    mutating func arrive() -> Arrival {
        switch state {
        case .filling:
            let index = count
            count += 1
            if index + 1 == parties {
                state = .draining
                return .trip(index: index)
            }
            return .wait(index: index)
        case .broken:
            return .broken
        case .draining, .resetting:
            preconditionFailure("BUG IN AsyncIO: a task entered a barrier while it was \(state.rawValue)")
        }
    }

    /// Where a waiting task stands (asyncio's `_wait`).
    var outcome: Outcome {
        switch state {
        case .filling: return .keepWaiting
        case .draining: return .released
        case .resetting, .broken: return .broken
        }
    }

    /// A task that entered leaves, however it ends (asyncio's `_exit`). Returns true when
    /// it was the last one out: the caller then notifies every task waiting on the barrier.
    mutating func leave() -> Bool {
        precondition(count > 0, "BUG IN AsyncIO: a task left a barrier nobody was in")
        count -= 1
        guard count == 0 else { return false }
        if state == .draining || state == .resetting { state = .filling }
        return true
    }

    /// asyncio's `reset`: with tasks inside, break their wait; else start filling again.
    mutating func reset() {
        state = count > 0 ? .resetting : .filling
    }

    /// asyncio's `abort`.
    mutating func abort() {
        state = .broken
    }

    /// Tasks waiting for the barrier to fill (0 unless filling). asyncio: `n_waiting`.
    var nWaiting: Int { state == .filling ? count : 0 }
}
