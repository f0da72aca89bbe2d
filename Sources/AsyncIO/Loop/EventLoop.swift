import Logging
import Synchronization
@_spi(ExperimentalCustomExecutors) import _Concurrency
#if canImport(Glibc)
import Glibc
#endif

/// A single-threaded event loop: a FIFO ring of ready jobs, a timer heap, an epoll
/// selector and a thread-safe inbox. Swift tasks the library creates run their jobs here,
/// one at a time, in order.
///
/// Usage:
/// ```swift
/// let loop = try AsyncIO.runningLoop()
/// try loop.callLater(0.5) { print("half a second later") }
/// ```
///
/// asyncio: `asyncio.AbstractEventLoop`. Apart from the members marked "any thread", a
/// loop is used on its own thread, as in asyncio.
public final class EventLoop: @unchecked Sendable {
    // @unchecked Sendable: state under "MARK: loop thread only" is touched only on the
    // thread running the loop (debug mode checks it); cross-thread entry points
    // (`callSoonThreadsafe`, the executor faces through `LoopLink`, `stop`) go through the
    // `Inbox` (a lock and an atomic) or atomics.

    // MARK: any thread

    let inbox: Inbox
    /// The pthread running the loop (0: none yet).
    private let owner = Atomic<UInt>(0)
    /// Cross-thread work in flight (`toThread`, `submit`), so the virtual clock does not
    /// jump while a result is on its way.
    let foreignWorkInFlight = Atomic<Int>(0)
    /// A `stop()` not yet handed to `lifecycle`. An atomic because `stop()` may come from
    /// any thread (the usual race: stopped from another thread as the loop starts), and
    /// `lifecycle` is the loop thread's; the run hands it over (`takeStopRequest`) and
    /// every decision is then the lifecycle's.
    private let stopRequested = Atomic<Bool>(false)

    // MARK: loop thread only

    /// Idle, running, stopping or closed, and whether a `Runner.run` call is active.
    @exclusivity(unchecked) private(set) var lifecycle = LoopLifecycle()
    @exclusivity(unchecked)
    var ring = ReadyRing()
    /// Jobs woken by timers that fire in the middle of a long pass (see the run cycle).
    @exclusivity(unchecked) var urgentRing = ReadyRing(capacity: 64)
    @exclusivity(unchecked) var urgentEnqueue = false
    let timers = TimerHeap()
    let selector: any Selector
    private(set) var clock: LoopClock
    @exclusivity(unchecked)
    var jobsSincePoll = 0
    /// The task suspended in `sleep(0)` by the job running now: resumed as soon as that job
    /// returns, so the task's next job goes to the back of the ring (see `yieldOnce`).
    @exclusivity(unchecked) var yieldingTask: UnsafeContinuation<Void, Never>?
    /// Whether this is the process's loop in whole-program mode (never closed).
    var isWholeProgram = false
    var drainsDispatchMainQueue = false
    /// The pool behind `toThread`, made on first use.
    var defaultPool: ThreadPool?
    /// Stream transports not yet closed (a leak check for tests and debug mode).
    var openTransports = 0
    /// Servers accepting connections: the loop keeps them alive until they are closed
    /// (asyncio keeps serving a server nobody references), and closes them with itself.
    var servingServers: [ObjectIdentifier: Server] = [:]
    private var _readBuffer: UnsafeMutableRawBufferPointer?

    /// The buffer every transport reads into (one per loop: one thread reads at a time).
    var readBuffer: UnsafeMutableRawBufferPointer {
        if let b = _readBuffer { return b }
        let b = UnsafeMutableRawBufferPointer.allocate(byteCount: LoopConstants.readBufferSize, alignment: 16)
        _readBuffer = b
        return b
    }
    /// The signal handlers, made by the first `addSignalHandler`.
    var signalHandlers: SignalHandlers?
    private var warnedJobOutsideRun = false
    var exceptionHandler: ((EventLoop, ExceptionContext) -> Void)?
    let logger = Logger(label: "asyncio")

    /// The live tasks and the records found by Swift task pointer.
    var tasks = TaskRegistry()
    /// Debug mode's slow-job timing (the run cycle calls it only when `debug` is on).
    let debugObserver = DebugObserver()

    /// Debug mode: thread checks, slow-job warnings, pending-task reports.
    ///
    /// asyncio: `loop.get_debug()` / `set_debug()`.
    public var debug: Bool
    /// Debug mode logs a job that holds the loop at least this many seconds.
    ///
    /// asyncio: `loop.slow_callback_duration`.
    public var slowCallbackDuration: Double {
        get { debugObserver.slowCallbackDuration }
        set { debugObserver.slowCallbackDuration = newValue }
    }

    // MARK: executors

    private(set) var taskExecutorFace: LoopTaskExecutor!
    private(set) var serialExecutorFace: LoopSerialExecutor!
    private(set) var unownedTaskExecutor: UnownedTaskExecutor!
    private(set) var unownedSerial: UnownedSerialExecutor!

    /// The loop as a `TaskExecutor`: `Task(executorPreference: loop.taskExecutor) { … }`
    /// runs a Swift task on the loop.
    public var taskExecutor: any TaskExecutor { taskExecutorFace }

    /// The loop as a `SerialExecutor`, for an actor that lives on the loop:
    /// `nonisolated var unownedExecutor: UnownedSerialExecutor { loop.unownedSerialExecutor }`.
    public var unownedSerialExecutor: UnownedSerialExecutor { unownedSerial }

    /// Creates a loop that is not running yet.
    ///
    /// - Parameters:
    ///   - clock: `.monotonic` (default) or `.virtual` for instant, deterministic tests.
    ///   - debug: debug mode (also on when the environment has `ASYNCIO_DEBUG=1`).
    /// - Throws: `OSError` if the kernel refuses an epoll or eventfd descriptor.
    public init(clock: LoopClock = .monotonic, debug: Bool = false) throws {
        self.clock = clock
        self.debug = debug || EventLoop.debugFromEnvironment
        selector = try EpollSelector()
        do {
            inbox = try Inbox()
        } catch {
            selector.close()
            throw error
        }
        // Two faces over one ring; the loop owns them, they do not own it (see `LoopLink`).
        let task = LoopTaskExecutor(loop: self)
        let serial = LoopSerialExecutor(loop: self)
        taskExecutorFace = task
        serialExecutorFace = serial
        unownedTaskExecutor = task.asUnownedTaskExecutor()
        unownedSerial = serial.asUnownedSerialExecutor()
        try selector.register(fd: inbox.eventFD, interest: .readable, loopInternal: true) { _ in }
        attachClock()
    }

    static var debugFromEnvironment: Bool {
        if let v = getenv("ASYNCIO_DEBUG") { return String(cString: v) != "" && String(cString: v) != "0" }
        return false
    }

    private func attachClock() {
        let inbox = self.inbox
        clock.virtualClock?.attach { inbox.wake() }
    }

    /// Replaces the clock of a loop that is not running and has no timers (whole-program
    /// mode reuses one loop across `AsyncIO.run` calls).
    func setClock(_ newClock: LoopClock) {
        precondition(!lifecycle.isRunning, "BUG IN AsyncIO: clock changed while the loop runs")
        clock = newClock
        attachClock()
    }

    /// Runs once nothing holds the loop: the executor faces do not (see `LoopLink`), nor
    /// do finished tasks. Swift tasks suspended forever on a closed loop keep it, with what
    /// their frames hold: Swift cannot destroy a suspended task.
    deinit {
        // Never leave this thread's running-loop pointer dangling.
        if ThreadLoop.address == Unmanaged.passUnretained(self).toOpaque() {
            ThreadLoop.set(nil)
        }
        _readBuffer?.deallocate()
        if !lifecycle.isClosed {
            selector.close()
            inbox.close()
        }
    }

    // MARK: threads

    /// Whether the caller is on the thread running this loop. Any thread.
    public var isOnLoopThread: Bool {
        let o = owner.load(ordering: .relaxed)
        return o != 0 && pthread_equal(pthread_self(), pthread_t(o)) != 0
    }

    /// Makes the calling thread the loop's thread and this loop its running loop.
    func bindToCurrentThread() {
        owner.store(UInt(pthread_self()), ordering: .releasing)
        ThreadLoop.set(Unmanaged.passUnretained(self).toOpaque())
    }

    /// The loop running on the calling thread, if any.
    static var current: EventLoop? {
        guard let p = ThreadLoop.address else { return nil }
        return Unmanaged<EventLoop>.fromOpaque(p).takeUnretainedValue()
    }

    /// The address of the loop running on the calling thread, if any: `current` without
    /// the retain and release (the loop has a side table, so they are slow), for checks on
    /// hot paths (the queues' `get`/`put`).
    static var currentAddress: UnsafeMutableRawPointer? { ThreadLoop.address }

    /// Throws unless the caller runs on this loop's thread, inside it: a task or future
    /// of one loop awaited from another loop (or from a thread without one) would race
    /// with its loop. asyncio: "got Future attached to a different loop".
    func checkAwaitedOnThisLoop(_ what: @autoclosure () -> String) throws {
        guard ThreadLoop.address == Unmanaged.passUnretained(self).toOpaque() else {
            throw LoopStateError("\(what()) is attached to a different loop; await it on its own loop, or use loop.submit from elsewhere")
        }
    }

    func checkThread(_ what: @autoclosure () -> String) {
        if debug && !isOnLoopThread && owner.load(ordering: .relaxed) != 0 {
            logger.error("\(what()) called from a thread other than the loop's; use callSoonThreadsafe or loop.submit")
        }
    }

    // MARK: time

    /// The loop's current time in seconds: `CLOCK_MONOTONIC`, or the virtual clock's `now`.
    ///
    /// asyncio: `loop.time()`.
    public func time() -> Double {
        if let v = clock.virtualClock { return v.now }
        return Posix.monotonicSeconds()
    }

    /// The virtual clock, when the loop runs on one.
    public var virtualClock: VirtualClock? { clock.virtualClock }

    // MARK: scheduling

    /// Schedules `callback` to run on the next pass, after the jobs already ready.
    ///
    /// Usage: `try loop.callSoon { print("soon") }` — asyncio: `loop.call_soon`.
    /// - Throws: `LoopStateError` ("Event loop is closed") after `close()`.
    @discardableResult
    public func callSoon(_ callback: @escaping () -> Void) throws -> Handle {
        try checkOpen()
        return scheduleSoon(callback)
    }

    /// Schedules `callback` `delay` seconds from now; cancel it with the returned handle.
    /// A NaN delay is due at once (as zero is); `.infinity` never comes.
    ///
    /// Usage: `let t = try loop.callLater(1.5) { … }; t.cancel()` — asyncio: `loop.call_later`.
    /// - Throws: `LoopStateError` ("Event loop is closed") after `close()`.
    @discardableResult
    public func callLater(_ delay: Double, _ callback: @escaping () -> Void) throws -> TimerHandle {
        try checkOpen()
        return scheduleLater(delay, callback)
    }

    /// Schedules `callback` at loop time `when` (see `time()`). A NaN `when` is due at
    /// once; `.infinity` never comes (the handle can still be cancelled).
    ///
    /// asyncio: `loop.call_at`. - Throws: `LoopStateError` ("Event loop is closed") after `close()`.
    @discardableResult
    public func callAt(_ when: Double, _ callback: @escaping () -> Void) throws -> TimerHandle {
        try checkOpen()
        return scheduleAt(when, callback)
    }

    /// Schedules `callback` on the loop from any thread and wakes the loop.
    ///
    /// Usage: `try loop.callSoonThreadsafe { print("on the loop") }` — asyncio:
    /// `loop.call_soon_threadsafe`. Any thread.
    /// - Throws: `LoopStateError` ("Event loop is closed") after `close()`.
    public func callSoonThreadsafe(_ callback: @escaping @Sendable () -> Void) throws {
        guard inbox.post(.callback(callback)) else { throw LoopStateError("Event loop is closed") }
    }

    private func checkOpen() throws {
        if lifecycle.isClosed { throw LoopStateError("Event loop is closed") }
    }

    // The library's own scheduling: the same, without the closed check (what the library
    // schedules on a closed loop can never run and has nobody to tell).

    @discardableResult
    func scheduleSoon(_ callback: @escaping () -> Void) -> Handle {
        checkThread("callSoon")
        let h = Handle(callback)
        ring.push(.callback(h))
        return h
    }

    @discardableResult
    func scheduleLater(_ delay: Double, _ callback: @escaping () -> Void) -> TimerHandle {
        // max(0, NaN) is 0: a NaN delay is due at once; +infinity never comes.
        scheduleAt(time() + max(0, delay), callback)
    }

    @discardableResult
    func scheduleAt(_ when: Double, _ callback: @escaping () -> Void) -> TimerHandle {
        checkThread("callAt")
        // NaN compares false with everything: in the heap it would break the order.
        return timers.schedule(at: when.isNaN ? time() : when, callback)
    }

    /// `callSoonThreadsafe` for the library: dropped after `close()` (returns false). Any thread.
    @discardableResult
    func postFromAnyThread(_ callback: @escaping @Sendable () -> Void) -> Bool {
        inbox.post(.callback(callback))
    }

    enum Face { case task, actor }

    /// A Swift job arriving on the loop's own thread: onto the ring. (The executor faces
    /// route jobs from elsewhere through the inbox; see `LoopLink`.)
    @inline(__always)
    func enqueueOnLoopThread(_ job: UnownedJob, face: Face) {
        switch lifecycle.jobArrives() {
        case .enqueue: break
        case .enqueueOutsideRun: noteJobOutsideRun()
        case .drop: return  // a job for a closed loop can never run
        }
        if urgentEnqueue {
            urgentRing.push(face == .task ? .taskJob(job) : .actorJob(job))
        } else {
            ring.push(face == .task ? .taskJob(job) : .actorJob(job))
        }
    }

    /// In whole-program mode a Swift task made while no `AsyncIO.run` is active (after one
    /// returned, or between two) waits for the next run: say so once, as it may never come.
    @inline(never)
    private func noteJobOutsideRun() {
        guard isWholeProgram, !warnedJobOutsideRun else { return }
        warnedJobOutsideRun = true
        logger.warning(
            "a Swift task was scheduled while no AsyncIO.run is active; in whole-program mode it runs at the next AsyncIO.run, or never if none follows")
    }

    /// `SchedulingExecutor` entry point (Swift's `Task.sleep` in whole-program mode).
    /// On the loop's thread (`LoopLink` routes calls from elsewhere through the inbox).
    func enqueueOnLoopThread(_ job: UnownedJob, afterSeconds seconds: Double) {
        scheduleLater(seconds) { [unowned self] in self.enqueueOnLoopThread(job, face: .task) }
    }

    // MARK: I/O readiness

    /// Calls `callback` on the loop whenever `fd` is readable, until `removeReader(fd)`.
    ///
    /// asyncio: `loop.add_reader`. - Throws: `OSError` from epoll.
    public func addReader(_ fd: Int32, _ callback: @escaping () -> Void) throws {
        checkThread("addReader")
        try selector.register(fd: fd, interest: .readable) { _ in callback() }
    }

    /// Stops watching `fd`. asyncio: `loop.remove_reader`.
    public func removeReader(_ fd: Int32) throws {
        try selector.unregister(fd: fd)
    }

    // MARK: running

    /// Whether the loop is running. asyncio: `loop.is_running()`.
    public var isRunning: Bool { lifecycle.isRunning }
    /// Whether `close()` was called. asyncio: `loop.is_closed()`.
    public var isClosed: Bool { lifecycle.isClosed }

    /// Runs until `stop()` is called. A stop requested before the call (from another
    /// thread, as the loop starts) is kept: the loop runs one pass, then returns.
    ///
    /// asyncio: `loop.run_forever`. - Throws: `LoopStateError` if the loop is closed or
    /// already running; `DeadlockError` on a virtual clock when nothing can ever run again.
    public func runForever() throws {
        try run(until: { false })
    }

    /// Runs passes until `condition` holds or `stop()` is called. Like asyncio's
    /// `run_forever`, a stop is checked after each pass and spent when it ends the run: a
    /// stop requested before the run starts ends it after one pass, never lost.
    func run(until condition: () -> Bool) throws {
        let anotherLoopRunning = EventLoop.current.map { $0 !== self && $0.isRunning } ?? false
        try lifecycle.startRunning(anotherLoopRunning: anotherLoopRunning)
        let previous = ThreadLoop.address
        bindToCurrentThread()
        defer {
            lifecycle.runEnded()
            ThreadLoop.set(previous)
        }
        takeStopRequest()
        while !condition() {
            try runOnce()
            takeStopRequest()
            if lifecycle.passEnded() == .stop { break }
        }
    }

    /// `setInsideRunCall(true)` before `Runner.run` creates its main task, false when it
    /// returns: jobs arriving in between are expected, though the loop is idle at times.
    func setInsideRunCall(_ inside: Bool) {
        lifecycle.setInsideRunCall(inside)
    }

    /// Stops the loop after the current pass; called while the loop is not running, it
    /// makes the next run stop after one pass. Any thread. asyncio: `loop.stop`.
    public func stop() {
        stopRequested.store(true, ordering: .relaxed)
        inbox.wake()  // a loop blocked in epoll hears it now
    }

    /// Hands a `stop()` from any thread to the lifecycle. Called by the run: as it starts,
    /// after each pass, and before it may block (`idleTimeout`). Loop thread.
    @inline(__always)
    func takeStopRequest() {
        if _slowPath(stopRequested.load(ordering: .relaxed)) {
            stopRequested.store(false, ordering: .relaxed)
            lifecycle.requestStop()
        }
    }

    /// Closes the loop: drops pending callbacks and timers and releases its descriptors.
    ///
    /// asyncio: `loop.close`. - Throws: `LoopStateError` if the loop is running.
    public func close() throws {
        switch lifecycle.close() {
        case .refuse(let error): throw error
        case .alreadyClosed: return
        case .closeNow: break
        }
        // asyncio reports each task still pending when it is collected (after the loop is
        // closed), debug mode or not. Their Swift tasks can never run again (their jobs are
        // dropped from now on).
        for t in tasks.pending {
            callExceptionHandler(ExceptionContext(message: "Task was destroyed but it is pending!", taskName: t.name))
        }
        // Their listening sockets go with the loop (asyncio's are collected with the
        // Server objects nobody references once the loop is gone).
        for server in Array(servingServers.values) { server.close() }
        servingServers = [:]
        timers.removeAll()
        ring = ReadyRing(capacity: 1)
        tasks = TaskRegistry()
        exceptionHandler = nil
        defaultPool = nil
        _readBuffer?.deallocate()
        _readBuffer = nil
        signalHandlers?.close()
        signalHandlers = nil
        selector.close()
        inbox.close()
    }

    // MARK: errors

    /// Sets the handler called with errors nobody else can receive (a task's error never
    /// retrieved, a failed callback); nil restores the default, which logs them.
    ///
    /// Usage: `loop.setExceptionHandler { loop, ctx in print(ctx.message) }` — asyncio:
    /// `loop.set_exception_handler`.
    public func setExceptionHandler(_ handler: ((EventLoop, ExceptionContext) -> Void)?) {
        exceptionHandler = handler
    }

    /// Reports `context` to the exception handler. asyncio: `loop.call_exception_handler`.
    public func callExceptionHandler(_ context: ExceptionContext) {
        if let h = exceptionHandler { h(self, context) } else { defaultExceptionHandler(context) }
    }

    /// Logs `context` through swift-log (label "asyncio"). asyncio:
    /// `loop.default_exception_handler`.
    public func defaultExceptionHandler(_ context: ExceptionContext) {
        logger.error("\(context)")
    }

    /// Reports from a deinitializer, which may run on any thread.
    func reportFromAnyThread(_ context: ExceptionContext) {
        if isOnLoopThread || owner.load(ordering: .relaxed) == 0 {
            callExceptionHandler(context)
            return
        }
        // Through the inbox, which knows (under its lock) whether the loop is closed:
        // the lifecycle is the loop thread's to read.
        let ctx = UncheckedBox(context)
        if !postFromAnyThread({ [unowned self] in self.callExceptionHandler(ctx.value) }) {
            logger.error("\(context)")
        }
    }
}

/// What the exception handler is told. asyncio: the `context` dict.
public struct ExceptionContext: CustomStringConvertible, @unchecked Sendable {
    // @unchecked Sendable: `error` is any Error (not necessarily Sendable); a context is
    // made and consumed on the loop thread, and only crosses threads inside the inbox.
    /// What happened, in asyncio's words ("Task exception was never retrieved", …).
    public var message: String
    /// The error, if any.
    public var error: (any Error)?
    /// The name of the task involved, if any.
    public var taskName: String?

    public init(message: String, error: (any Error)? = nil, taskName: String? = nil) {
        self.message = message
        self.error = error
        self.taskName = taskName
    }

    public var description: String {
        var s = message
        if let t = taskName { s += "\ntask: <LoopTask name='\(t)'>" }
        if let e = error { s += "\nerror: \(e)" }
        return s
    }
}

/// Carries a non-Sendable value across the inbox to the loop thread.
struct UncheckedBox<T>: @unchecked Sendable {
    // @unchecked Sendable: used only to hand a value to the loop thread, after which the
    // sender no longer touches it.
    let value: T
    init(_ value: T) { self.value = value }
}
