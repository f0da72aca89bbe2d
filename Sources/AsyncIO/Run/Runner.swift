#if canImport(Glibc)
import Glibc
#endif

/// Runs async closures on one event loop, one after another, then closes it.
///
/// Usage:
/// ```swift
/// let runner = try Runner()
/// try runner.run { try await setUp() }
/// let n = try runner.run { try await count() }
/// try runner.close()
/// ```
///
/// asyncio: `asyncio.Runner`. Each `run` makes the closure the loop's main task, runs the
/// loop until it is done, then cancels the tasks it left behind and waits for them.
/// On the main thread, Ctrl-C cancels the main task and `run` throws `KeyboardInterrupt`
/// after the cleanup (see `Interrupt`).
public final class Runner {
    /// The loop the closures run on.
    public let loop: EventLoop
    private var closed = false

    /// - Parameters:
    ///   - debug: debug mode (also `ASYNCIO_DEBUG=1`).
    ///   - clock: `.monotonic`, or `.virtual` for instant timing tests.
    /// - Throws: `OSError` if the loop cannot get its descriptors.
    public init(debug: Bool = false, clock: LoopClock = .monotonic) throws {
        // Nested in a running loop: refuse before touching the process's loop.
        if let current = EventLoop.current, current.isRunning {
            throw LoopStateError("AsyncIO.run() cannot be called from a running event loop")
        }
        if let loop = try WholeProgram.mainLoop(debug: debug, clock: clock) {
            self.loop = loop
        } else {
            loop = try EventLoop(clock: clock, debug: debug)
        }
        if CAsyncIOIsMainThread() { try loop.drainDispatchMainQueue() }
    }

    /// Runs `body` as the main task and returns its value.
    ///
    /// - Throws: what `body` throws; `LoopStateError` inside a running loop or after
    ///   `close()`; `DeadlockError` on a virtual clock when nothing can run.
    public func run<T: Sendable>(
        name: String? = nil, @_inheritActorContext _ body: sending @escaping @isolated(any) () async throws -> T
    ) throws -> T {
        if closed { throw LoopStateError("Runner is closed") }
        if let current = EventLoop.current, current.isRunning {
            throw LoopStateError("AsyncIO.run() cannot be called from a running event loop")
        }
        // The thread's running-loop pointer is unretained: restore what it was before,
        // so it never outlives this loop (a closed loop is freed).
        let previous = ThreadLoop.address
        defer { ThreadLoop.set(previous) }
        loop.bindToCurrentThread()
        loop.setInsideRunCall(true)
        defer { loop.setInsideRunCall(false) }
        let main = loop.createTask(name: name, body)
        // Ctrl-C cancels the main task (asyncio 3.11+); the handler stays through the
        // cleanup below, where a second Ctrl-C ends the process.
        let interrupt = Interrupt.install(loop: loop, main: main)
        defer { interrupt?.uninstall() }
        var failure: (any Error)?
        do {
            try loop.run(until: { main.isDone })
        } catch {
            failure = error
        }
        cancelLeftovers()
        shutDownDefaultPool()
        if let failure { throw failure }
        if let interrupt, interrupt.interrupted, main.isCancelled, main.uncancel() == 0 {
            throw KeyboardInterrupt()
        }
        return try main.result()
    }

    /// Shuts the default pool down and waits for the calls still running, serving the loop
    /// meanwhile: a call may need it (`loop.submit { … }.wait()`). asyncio.run does the same
    /// (`run_until_complete(loop.shutdown_default_executor())`, which joins the pool on a
    /// thread of its own).
    private func shutDownDefaultPool() {
        guard let pool = loop.defaultPool else { return }
        loop.defaultPool = nil
        let joined = Locked(false)
        let loop = self.loop
        // Counted as work in flight until the loop hears of the join: a virtual clock must
        // not call the wait a deadlock.
        loop.foreignWorkInFlight.add(1, ordering: .relaxed)
        do {
            try startThread {
                pool.shutdown(wait: true)
                loop.postFromAnyThread {
                    loop.foreignWorkInFlight.subtract(1, ordering: .relaxed)
                    joined.withLock { $0 = true }
                }
            }
            try? loop.run(until: { joined.withLock { $0 } })
        } catch {
            loop.foreignWorkInFlight.subtract(1, ordering: .relaxed)
        }
        // No thread could be made, or the run was stopped: wait here.
        pool.shutdown(wait: true)
    }

    /// Cancels the tasks still pending and runs the loop until they finish
    /// (asyncio's `_cancel_all_tasks`).
    private func cancelLeftovers() {
        let pending = loop.tasks.pending
        guard !pending.isEmpty else { return }
        for t in pending { t.cancel() }
        try? loop.run(until: { pending.allSatisfy(\.isDone) })
        for t in pending where t.isDone && !t.isCancelled {
            if let e = failure(of: t) {
                loop.callExceptionHandler(ExceptionContext(
                    message: "unhandled exception during AsyncIO.run() shutdown", error: e, taskName: t.name))
            }
        }
    }

    /// Closes the loop (in whole-program mode the process's loop stays open for the next
    /// `run`). asyncio: `Runner.close()`.
    public func close() throws {
        if closed { return }
        closed = true
        if loop.isWholeProgram { return }
        try loop.close()
    }

    deinit {
        if !closed && !loop.isWholeProgram { try? loop.close() }
    }
}

/// Runs `body` as the main task of an event loop and returns its value; on the way out
/// it cancels the tasks still pending, waits for them and closes the loop.
///
/// Usage:
/// ```swift
/// try AsyncIO.run {
///     try await AsyncIO.sleep(1)
///     print("done")
/// }
/// ```
///
/// Called first thing on the main thread (from `main.swift`), it installs whole-program
/// mode: the loop becomes the process's main and default executor. Elsewhere the loop runs
/// on the calling thread and keeps the library's tasks on it by executor preference.
///
/// asyncio: `asyncio.run(main(), debug=)`.
/// - Throws: what `body` throws; `LoopStateError` when called inside a running loop.
public func run<T: Sendable>(
    debug: Bool = false, clock: LoopClock = .monotonic,
    @_inheritActorContext _ body: sending @escaping @isolated(any) () async throws -> T
) throws -> T {
    let runner = try Runner(debug: debug, clock: clock)
    defer { try? runner.close() }
    return try runner.run(body)
}

/// An `@main` entry point that runs `run()` on an event loop in whole-program mode.
///
/// Usage:
/// ```swift
/// @main struct App: AsyncIOMain {
///     static func run() async throws { try await AsyncIO.sleep(1) }
/// }
/// ```
public protocol AsyncIOMain: SendableMetatype {
    /// The program. It runs on the main actor, which in whole-program mode is the loop.
    @MainActor static func run() async throws
    /// Debug mode for the run (default false; `ASYNCIO_DEBUG=1` also turns it on).
    static var debug: Bool { get }
}

extension AsyncIOMain {
    public static var debug: Bool { false }

    /// The process entry point: a synchronous `main` (an async one would start the
    /// runtime before the loop can install itself).
    public static func main() {
        do {
            try AsyncIO.run(debug: debug) { try await Self.run() }
        } catch is KeyboardInterrupt {
            // As Python ends on an uncaught KeyboardInterrupt: by SIGINT's default action.
            writeToStandardError("KeyboardInterrupt\n")
            SignalRouting.raiseDefault(SIGINT)
            exit(130)
        } catch {
            writeToStandardError("\(error)\n")
            exit(1)
        }
    }
}

func CAsyncIOIsMainThread() -> Bool {
    getpid() == Posix.currentThreadID()
}

/// Writes `text` to file descriptor 2.
func writeToStandardError(_ text: String) {
    var t = text
    t.withUTF8 { buf in _ = Glibc.write(2, buf.baseAddress, buf.count) }
}
