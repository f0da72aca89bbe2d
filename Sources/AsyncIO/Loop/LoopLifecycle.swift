/// The lifecycle of an `EventLoop`: open and idle, running, stopping, closed. asyncio keeps
/// it in `_closed`, `_stopping` and `_thread_id` (`base_events.py`: `run_forever`, `stop`,
/// `close`); here one value decides every start, stop, close and arriving job, and the
/// loop acts on what it returns.
///
/// A plain value, used by the thread that runs (or last ran) the loop. `stop()` may come
/// from any thread, so the loop keeps it in an atomic first and hands it over with
/// `requestStop()` at the points where the run looks for it (see `EventLoop.stop`).
struct LoopLifecycle {
    enum State: Equatable {
        /// Open and not running. `stopPending`: `stop()` came first; the next run does one
        /// pass, then returns (asyncio checks `_stopping` after each pass, so such a stop
        /// is never lost).
        case idle(stopPending: Bool)
        /// In `run`, between passes or inside one.
        case running
        /// In `run`, and a stop was requested: the run returns when this pass ends.
        case stopping
        /// `close()` ran. Final: nothing runs or is scheduled again.
        case closed
    }

    /// What `run` does once a pass is over.
    enum PassVerdict: Equatable {
        case `continue`, stop
    }

    /// What `close()` does.
    enum CloseAction {
        /// Release everything now; the loop is closed from here on.
        case closeNow
        /// Closed already: nothing to do (asyncio's `close` returns).
        case alreadyClosed
        /// Refused with this error (the loop is running).
        case refuse(LoopStateError)
    }

    /// What happens to a Swift job that arrives on the loop's own thread.
    enum JobVerdict: Equatable {
        /// Onto the ring.
        case enqueue
        /// Onto the ring, though no run is active and none is being set up: in
        /// whole-program mode it may wait forever, which the loop says once.
        case enqueueOutsideRun
        /// Dropped: a closed loop never runs a job again.
        case drop
    }

    private(set) var state: State = .idle(stopPending: false)
    /// Whether `Runner.run` is between creating its main task and returning: jobs that
    /// arrive then are expected, though the loop is idle between its runs.
    private(set) var insideRunCall = false

    /// asyncio: `is_running()`.
    var isRunning: Bool {
        switch state {
        case .running, .stopping: return true
        case .idle, .closed: return false
        }
    }

    /// asyncio: `is_closed()`.
    var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    /// Whether the run should not wait for anything: a stop is due at the end of the pass.
    var isStopping: Bool {
        if case .stopping = state { return true }
        return false
    }

    // MARK: transitions

    /// `run` begins (asyncio's `_check_running` and `_check_closed`, then `run_forever`).
    ///
    /// - Parameter anotherLoopRunning: another loop is running on the calling thread.
    /// - Throws: `LoopStateError` with asyncio's message when the loop is closed, already
    ///   running, or another loop runs on this thread; the state is then unchanged.
    mutating func startRunning(anotherLoopRunning: Bool) throws(LoopStateError) {
        switch state {
        case .closed:
            throw LoopStateError("Event loop is closed")
        case .running, .stopping:
            throw LoopStateError("This event loop is already running")
        case .idle(let stopPending):
            if anotherLoopRunning {
                throw LoopStateError("Cannot run the event loop while another loop is running")
            }
            state = stopPending ? .stopping : .running
        }
    }

    /// `stop()` reached the loop: a running loop stops after this pass, an idle one after
    /// the first pass of its next run. Stopping twice is stopping once; a closed loop
    /// ignores it (asyncio sets a flag nothing reads again).
    mutating func requestStop() {
        switch state {
        case .idle: state = .idle(stopPending: true)
        case .running, .stopping: state = .stopping
        case .closed: break
        }
    }

    /// A pass of `run` ended: go on, or return (spending the stop, as asyncio clears
    /// `_stopping`).
    mutating func passEnded() -> PassVerdict {
        switch state {
        case .running:
            return .continue
        case .stopping:
            state = .running
            return .stop
        case .idle, .closed:
            preconditionFailure("BUG IN AsyncIO: a pass ended while the loop was \(state)")
        }
    }

    /// `run` returned, by a stop, its condition or an error. A stop not yet spent (the
    /// condition held first) is kept for the next run.
    mutating func runEnded() {
        switch state {
        case .running: state = .idle(stopPending: false)
        case .stopping: state = .idle(stopPending: true)
        case .idle, .closed:
            preconditionFailure("BUG IN AsyncIO: a run ended while the loop was \(state)")
        }
    }

    /// `close()`: an idle loop closes at once; a running one refuses (asyncio: "Cannot
    /// close a running event loop"); a closed one has nothing left to do.
    mutating func close() -> CloseAction {
        switch state {
        case .idle:
            state = .closed
            return .closeNow
        case .closed:
            return .alreadyClosed
        case .running, .stopping:
            return .refuse(LoopStateError("Cannot close a running event loop"))
        }
    }

    /// `Runner.run` begins or ends its call (its main task is created before the loop runs).
    mutating func setInsideRunCall(_ inside: Bool) {
        insideRunCall = inside
    }

    /// A Swift job arrives on the loop's thread. Hot: every job of every task passes here.
    @inline(__always)
    func jobArrives() -> JobVerdict {
        switch state {
        case .running, .stopping: return .enqueue
        case .idle: return insideRunCall ? .enqueue : .enqueueOutsideRun
        case .closed: return .drop
        }
    }
}
