@_spi(ExperimentalCustomExecutors) @_spi(ExperimentalScheduling) import _Concurrency

/// The loop's `TaskExecutor` face. Tasks created with the loop as their executor
/// preference (every task the library starts) run their jobs here. In whole-program mode
/// this face is also the process's default executor, so it implements `SchedulingExecutor`
/// (Swift's `Task.sleep` calls it) on the loop's own timer heap.
final class LoopTaskExecutor: TaskExecutor, SchedulingExecutor, @unchecked Sendable {
    // @unchecked Sendable: `loop` is a weak reference (atomic by construction); `enqueue`
    // is the only entry point and it is thread-safe (ring on the loop thread, inbox
    // elsewhere).

    /// Weak: a Swift task may keep the executor alive after its loop is gone; its jobs
    /// are then dropped instead of touching freed memory.
    weak var loop: EventLoop?

    init(loop: EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        loop?.enqueue(UnownedJob(job), face: .task)
    }

    func enqueue<C: Clock>(_ job: consuming ExecutorJob, after delay: C.Duration, tolerance: C.Duration?, clock: C) {
        let seconds = (delay as? Duration)?.asSeconds ?? 0
        loop?.enqueue(UnownedJob(job), afterSeconds: seconds)
    }

    func enqueue<C: Clock>(_ job: consuming ExecutorJob, at instant: C.Instant, tolerance: C.Duration?, clock: C) {
        let delay = clock.now.duration(to: instant)
        let seconds = (delay as? Duration)?.asSeconds ?? 0
        loop?.enqueue(UnownedJob(job), afterSeconds: seconds)
    }
}

/// The loop's `SerialExecutor` face, on the same ring: an actor can live on the loop
/// (`nonisolated var unownedExecutor { loop.unownedSerialExecutor }`), and in whole-program
/// mode this face is the main actor's executor.
final class LoopSerialExecutor: MainExecutor, @unchecked Sendable {
    // @unchecked Sendable: see LoopTaskExecutor.
    weak var loop: EventLoop?

    init(loop: EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        loop?.enqueue(UnownedJob(job), face: .actor)
    }

    func checkIsolated() {
        precondition(loop?.isOnLoopThread == true, "Expected to be on the AsyncIO event loop's thread")
    }

    func isIsolatingCurrentContext() -> Bool? {
        loop?.isOnLoopThread ?? false
    }

    // RunLoopExecutor: used by the runtime only when a whole-program-mode process has an
    // async `main`; the loop then serves until `stop()`.
    func run() throws {
        try loop?.runForever()
    }

    func stop() {
        loop?.stop()
    }
}
