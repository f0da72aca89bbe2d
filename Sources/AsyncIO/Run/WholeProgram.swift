import Synchronization
@_spi(ExperimentalCustomExecutors) @_spi(ExperimentalScheduling) import _Concurrency
#if canImport(Glibc)
import Glibc
#endif

/// Whole-program mode: the loop becomes the process's main executor and default executor,
/// so `@MainActor` code, `Task {}`, `Task.detached {}`, `async let` and `Task.sleep` all
/// run on the loop's thread (the main thread), in order.
///
/// It is installed by the first `AsyncIO.run` (or `Runner`) made on the main thread,
/// through the runtime's `_createExecutors(factory:)`, which must come before anything else
/// in the process touches Swift concurrency. If the runtime already made its executors,
/// installation is detected as failed and the loop runs in task-executor-preference mode
/// instead (it then drains Dispatch's main queue, so `@MainActor` code still runs).
/// `ASYNCIO_WHOLE_PROGRAM=0` turns the mode off.
enum WholeProgram {
    /// The installed loop, read by the runtime through `LoopExecutorFactory`.
    // nonisolated(unsafe): written once on the main thread before `_createExecutors`,
    // which is what first reads it; never written again.
    nonisolated(unsafe) static var installedLoop: EventLoop?

    private struct State {
        var attempted = false
        var loop: EventLoop?
    }
    private static let state = Locked(State())

    /// The process-wide loop of whole-program mode, installing it on first use. Nil when
    /// not on the main thread, turned off, or the runtime refused it.
    static func mainLoop(debug: Bool, clock: LoopClock) throws -> EventLoop? {
        guard CAsyncIOIsMainThread() else { return nil }
        return try state.withLock { st -> EventLoop? in
            if st.attempted {
                if let loop = st.loop {
                    loop.setClock(clock)
                    loop.debug = debug || EventLoop.debugFromEnvironment
                }
                return st.loop
            }
            st.attempted = true
            if let v = getenv("ASYNCIO_WHOLE_PROGRAM"), String(cString: v) == "0" { return nil }
            let loop = try EventLoop(clock: clock, debug: debug)
            loop.bindToCurrentThread()
            installedLoop = loop
            _createExecutors(factory: LoopExecutorFactory.self)
            // The runtime keeps the executors it already has if concurrency was used
            // before this point: check that ours are the ones in force.
            guard (Task.defaultExecutor as AnyObject) === loop.taskExecutorFace,
                (MainActor.executor as AnyObject) === loop.serialExecutorFace
            else {
                installedLoop = nil
                return nil
            }
            loop.isWholeProgram = true
            st.loop = loop
            return loop
        }
    }

    /// Whether whole-program mode is in force in this process.
    static var isActive: Bool { state.withLock { $0.loop != nil } }
}

/// Hands the runtime the installed loop's two faces.
struct LoopExecutorFactory: ExecutorFactory {
    static var mainExecutor: any MainExecutor {
        guard let loop = WholeProgram.installedLoop else {
            fatalError("BUG IN AsyncIO: executor factory used before a loop was installed")
        }
        return loop.serialExecutorFace
    }

    static var defaultExecutor: any TaskExecutor {
        guard let loop = WholeProgram.installedLoop else {
            fatalError("BUG IN AsyncIO: executor factory used before a loop was installed")
        }
        return loop.taskExecutorFace
    }
}

extension EventLoop {
    /// Drains `DispatchQueue.main` from the loop (how CoreFoundation's run loop does it),
    /// so `@MainActor` and main-queue work run when the loop owns the main thread.
    func drainDispatchMainQueue() throws {
        guard !drainsDispatchMainQueue else { return }
        drainsDispatchMainQueue = true
        let fd = DispatchMainQueue.fileDescriptor()
        guard fd >= 0 else { return }
        try selector.register(fd: fd, interest: .readable, loopInternal: true) { [unowned self] _ in
            DispatchMainQueue.drain(fd)
            // A main-actor task that yielded in `sleep(0)` during the drain goes back now.
            resumeYieldingTask()
        }
    }
}
