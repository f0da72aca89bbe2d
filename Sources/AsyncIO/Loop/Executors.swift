@_spi(ExperimentalCustomExecutors) @_spi(ExperimentalScheduling) import _Concurrency

/// The loop's `TaskExecutor` face. Tasks created with the loop as their executor
/// preference (every task the library starts) run their jobs here. In whole-program mode
/// this face is also the process's default executor, so it implements `SchedulingExecutor`
/// (Swift's `Task.sleep` calls it) on the loop's own timer heap.
final class LoopTaskExecutor: TaskExecutor, SchedulingExecutor, @unchecked Sendable {
    // @unchecked Sendable: `loop` is immutable; `enqueue` is the only entry point and it
    // is thread-safe (ring on the loop thread, inbox elsewhere).

    /// Strong: a Swift task may keep the executor alive after its loop is closed, and its
    /// jobs must find a live (closed) loop that drops them, not freed memory. The loop
    /// holds its faces too; `close()` releases everything heavy, so the cycle costs a few
    /// hundred bytes per closed loop.
    let loop: EventLoop

    init(loop: EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        loop.enqueue(UnownedJob(job), face: .task)
    }

    func enqueue<C: Clock>(_ job: consuming ExecutorJob, after delay: C.Duration, tolerance: C.Duration?, clock: C) {
        let seconds = (delay as? Duration)?.asSeconds ?? 0
        loop.enqueue(UnownedJob(job), afterSeconds: seconds)
    }

    func enqueue<C: Clock>(_ job: consuming ExecutorJob, at instant: C.Instant, tolerance: C.Duration?, clock: C) {
        let delay = clock.now.duration(to: instant)
        let seconds = (delay as? Duration)?.asSeconds ?? 0
        loop.enqueue(UnownedJob(job), afterSeconds: seconds)
    }
}

/// The loop's `SerialExecutor` face, on the same ring: an actor can live on the loop
/// (`nonisolated var unownedExecutor { loop.unownedSerialExecutor }`), and in whole-program
/// mode this face is the main actor's executor.
final class LoopSerialExecutor: MainExecutor, @unchecked Sendable {
    // @unchecked Sendable: see LoopTaskExecutor.
    let loop: EventLoop

    init(loop: EventLoop) { self.loop = loop }

    func enqueue(_ job: consuming ExecutorJob) {
        loop.enqueue(UnownedJob(job), face: .actor)
    }

    func checkIsolated() {
        precondition(loop.isOnLoopThread, "Expected to be on the AsyncIO event loop's thread")
    }

    func isIsolatingCurrentContext() -> Bool? {
        loop.isOnLoopThread
    }

    // RunLoopExecutor: used by the runtime only when a whole-program-mode process has an
    // async `main`; the loop then serves until `stop()`.
    func run() throws {
        try loop.runForever()
    }

    func stop() {
        loop.stop()
    }
}
