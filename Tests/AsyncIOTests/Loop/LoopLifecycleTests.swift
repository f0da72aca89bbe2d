import Testing
@testable import AsyncIO

/// The loop's lifecycle alone, without a loop: every transition `run`, `stop` and `close`
/// make, and what each state does with an arriving job.
@Suite("LoopLifecycle")
struct LoopLifecycleTests {
    /// The message `body` is refused with, or nil if it went through.
    private func refusal(_ body: () throws(LoopStateError) -> Void) -> String? {
        do {
            try body()
            return nil
        } catch {
            return error.message
        }
    }

    /// What `close()` decides, in words.
    private func closing(_ m: inout LoopLifecycle) -> String {
        switch m.close() {
        case .closeNow: return "close now"
        case .alreadyClosed: return "already closed"
        case .refuse(let error): return "refused: \(error.message)"
        }
    }

    @Test func aNewLoopIsIdleAndOpen() {
        let m = LoopLifecycle()
        #expect(m.state == .idle(stopPending: false))
        #expect(!m.isRunning && !m.isStopping && !m.isClosed && !m.insideRunCall)
    }

    @Test func runPassesAndStopWhileRunning() {
        var m = LoopLifecycle()
        let started = refusal { () throws(LoopStateError) in try m.startRunning(anotherLoopRunning: false) }
        #expect(started == nil)
        #expect(m.state == .running && m.isRunning && !m.isStopping)
        #expect(m.passEnded() == .continue)
        #expect(m.passEnded() == .continue)
        // A stop from a callback, or from another thread handed over by the loop's atomic.
        m.requestStop()
        #expect(m.state == .stopping && m.isRunning && m.isStopping)
        m.requestStop()  // twice is once
        #expect(m.state == .stopping)
        #expect(m.passEnded() == .stop)
        #expect(m.state == .running)  // the stop is spent
        m.runEnded()
        #expect(m.state == .idle(stopPending: false) && !m.isRunning)
    }

    @Test func stopFromAnotherThreadWhileRunningEndsThePassItArrivesIn() {
        // The loop hands the atomic's request over before it may block and after each
        // pass: whichever comes first, the run returns when that pass ends, once.
        var m = LoopLifecycle()
        _ = refusal { () throws(LoopStateError) in try m.startRunning(anotherLoopRunning: false) }
        #expect(m.passEnded() == .continue)
        m.requestStop()  // taken before blocking in epoll: this pass must not block
        #expect(m.isStopping)
        #expect(m.passEnded() == .stop)
        m.runEnded()
        let again = refusal { () throws(LoopStateError) in try m.startRunning(anotherLoopRunning: false) }
        #expect(again == nil)
        #expect(m.passEnded() == .continue)  // the next run serves until the next stop
    }

    @Test func stopBeforeRunMakesTheNextRunDoOnePass() {
        var m = LoopLifecycle()
        m.requestStop()
        #expect(m.state == .idle(stopPending: true) && !m.isRunning)
        _ = refusal { () throws(LoopStateError) in try m.startRunning(anotherLoopRunning: false) }
        #expect(m.state == .stopping)
        #expect(m.passEnded() == .stop)
        m.runEnded()
        #expect(m.state == .idle(stopPending: false))
    }

    @Test func aStopNotSpentIsKeptForTheNextRun() {
        // `run(until:)` whose condition holds before any pass: the stop waits.
        var m = LoopLifecycle()
        m.requestStop()
        _ = refusal { () throws(LoopStateError) in try m.startRunning(anotherLoopRunning: false) }
        m.runEnded()
        #expect(m.state == .idle(stopPending: true))
        // Also when it came during a run that ended by its condition.
        var n = LoopLifecycle()
        _ = refusal { () throws(LoopStateError) in try n.startRunning(anotherLoopRunning: false) }
        n.requestStop()
        n.runEnded()
        #expect(n.state == .idle(stopPending: true))
    }

    @Test func runWhileRunningIsRefusedAndChangesNothing() {
        var m = LoopLifecycle()
        _ = refusal { () throws(LoopStateError) in try m.startRunning(anotherLoopRunning: false) }
        let nested = refusal { () throws(LoopStateError) in try m.startRunning(anotherLoopRunning: false) }
        #expect(nested == "This event loop is already running")
        #expect(m.state == .running)
        m.requestStop()
        let whileStopping = refusal { () throws(LoopStateError) in try m.startRunning(anotherLoopRunning: false) }
        #expect(whileStopping == "This event loop is already running")
        #expect(m.state == .stopping)
    }

    @Test func runWhileAnotherLoopRunsIsRefusedAndKeepsAPendingStop() {
        var m = LoopLifecycle()
        m.requestStop()
        let other = refusal { () throws(LoopStateError) in try m.startRunning(anotherLoopRunning: true) }
        #expect(other == "Cannot run the event loop while another loop is running")
        #expect(m.state == .idle(stopPending: true))
    }

    @Test func closeWhileRunningIsRefused() {
        var m = LoopLifecycle()
        _ = refusal { () throws(LoopStateError) in try m.startRunning(anotherLoopRunning: false) }
        #expect(closing(&m) == "refused: Cannot close a running event loop")
        #expect(m.state == .running)
        m.requestStop()
        #expect(closing(&m) == "refused: Cannot close a running event loop")
        #expect(m.state == .stopping)
    }

    @Test func closeOnceThenNothing() {
        var m = LoopLifecycle()
        m.requestStop()  // a pending stop does not keep a loop open
        #expect(closing(&m) == "close now")
        #expect(m.state == .closed && m.isClosed && !m.isRunning)
        #expect(closing(&m) == "already closed")
        m.requestStop()  // ignored
        #expect(m.state == .closed)
    }

    @Test func runAfterCloseIsRefused() {
        var m = LoopLifecycle()
        _ = closing(&m)
        let run = refusal { () throws(LoopStateError) in try m.startRunning(anotherLoopRunning: false) }
        #expect(run == "Event loop is closed")
        // Closed is said first, as asyncio checks it first.
        let runBesideAnother = refusal { () throws(LoopStateError) in try m.startRunning(anotherLoopRunning: true) }
        #expect(runBesideAnother == "Event loop is closed")
        #expect(m.state == .closed)
    }

    @Test func whatAnArrivingJobMeetsInEachState() {
        var m = LoopLifecycle()
        #expect(m.jobArrives() == .enqueueOutsideRun)
        m.setInsideRunCall(true)  // Runner.run creates its main task before the loop runs
        #expect(m.jobArrives() == .enqueue)
        _ = refusal { () throws(LoopStateError) in try m.startRunning(anotherLoopRunning: false) }
        #expect(m.jobArrives() == .enqueue)
        m.setInsideRunCall(false)
        #expect(m.jobArrives() == .enqueue)  // running: always expected
        m.requestStop()
        #expect(m.jobArrives() == .enqueue)  // stopping: runs next run
        _ = m.passEnded()
        m.runEnded()
        #expect(m.jobArrives() == .enqueueOutsideRun)
        m.setInsideRunCall(true)
        _ = closing(&m)
        #expect(m.jobArrives() == .drop)  // closed: never runs
    }
}
