@_spi(ExperimentalCustomExecutors) @_spi(ExperimentalScheduling) import _Concurrency

/// What an executor face knows of its loop. The loop owns its faces; the faces do not own
/// the loop (a strong reference back made a cycle, so no loop was ever freed). A face can
/// outlive its loop: the runtime keeps it as the executor preference of a Swift task that
/// never finished, and such a task may still be resumed from some thread. So a face
/// touches the loop only when the loop is bound to the calling thread, which a frame on
/// that thread then keeps alive (`run`, `Runner.run`; the whole-program loop is never
/// freed); from anywhere else it posts to the inbox, which it owns, and which drops the
/// job once the loop is closed, as the loop itself does.
struct LoopLink: @unchecked Sendable {
    // @unchecked Sendable: `loop` is dereferenced only after `isCurrent` (the loop is bound
    // to the calling thread, hence alive and used on its own thread); `inbox` is thread-safe.

    // Unowned(unsafe): see above; never dereferenced unless `isCurrent`.
    unowned(unsafe) let loop: EventLoop
    let inbox: Inbox
    private let address: UnsafeMutableRawPointer

    init(_ loop: EventLoop) {
        self.loop = loop
        inbox = loop.inbox
        address = Unmanaged.passUnretained(loop).toOpaque()
    }

    /// Whether the loop is the one bound to the calling thread. The address alone could be
    /// a newer loop's at the same place; the inbox tells them apart (reading it is safe:
    /// whatever loop is bound there is alive).
    @inline(__always)
    var isCurrent: Bool {
        ThreadLoop.address == address && loop.inbox === inbox
    }

    @inline(__always)
    func enqueue(_ job: UnownedJob, face: EventLoop.Face) {
        if isCurrent {
            loop.enqueueOnLoopThread(job, face: face)
        } else {
            inbox.post(face == .task ? .taskJob(job) : .actorJob(job))
        }
    }

    /// `job` after `seconds`, on the loop's timer heap.
    func enqueue(_ job: UnownedJob, afterSeconds seconds: Double) {
        if isCurrent {
            loop.enqueueOnLoopThread(job, afterSeconds: seconds)
        } else {
            let link = self
            // Runs on the loop, in its run cycle: the loop is alive and bound there.
            inbox.post(.callback { link.loop.enqueueOnLoopThread(job, afterSeconds: seconds) })
        }
    }
}

/// The loop's `TaskExecutor` face. Tasks created with the loop as their executor
/// preference (every task the library starts) run their jobs here. In whole-program mode
/// this face is also the process's default executor, so it implements `SchedulingExecutor`
/// (Swift's `Task.sleep` calls it) on the loop's own timer heap.
final class LoopTaskExecutor: TaskExecutor, SchedulingExecutor, @unchecked Sendable {
    // @unchecked Sendable: `link` is immutable and thread-safe to use (see `LoopLink`).
    let link: LoopLink

    init(loop: EventLoop) { link = LoopLink(loop) }

    func enqueue(_ job: consuming ExecutorJob) {
        link.enqueue(UnownedJob(job), face: .task)
    }

    func enqueue<C: Clock>(_ job: consuming ExecutorJob, after delay: C.Duration, tolerance: C.Duration?, clock: C) {
        let seconds = (delay as? Duration)?.asSeconds ?? 0
        link.enqueue(UnownedJob(job), afterSeconds: seconds)
    }

    func enqueue<C: Clock>(_ job: consuming ExecutorJob, at instant: C.Instant, tolerance: C.Duration?, clock: C) {
        let delay = clock.now.duration(to: instant)
        let seconds = (delay as? Duration)?.asSeconds ?? 0
        link.enqueue(UnownedJob(job), afterSeconds: seconds)
    }
}

/// The loop's `SerialExecutor` face, on the same ring: an actor can live on the loop
/// (`nonisolated var unownedExecutor { loop.unownedSerialExecutor }`), and in whole-program
/// mode this face is the main actor's executor.
final class LoopSerialExecutor: MainExecutor, @unchecked Sendable {
    // @unchecked Sendable: see LoopTaskExecutor.
    let link: LoopLink

    init(loop: EventLoop) { link = LoopLink(loop) }

    func enqueue(_ job: consuming ExecutorJob) {
        link.enqueue(UnownedJob(job), face: .actor)
    }

    func checkIsolated() {
        precondition(link.isCurrent, "Expected to be on the AsyncIO event loop's thread")
    }

    func isIsolatingCurrentContext() -> Bool? {
        link.isCurrent
    }

    // RunLoopExecutor: used by the runtime only when a whole-program-mode process has an
    // async `main`; the loop then serves until `stop()`. (That loop is never freed.)
    func run() throws {
        try link.loop.runForever()
    }

    func stop() {
        link.loop.stop()
    }
}
