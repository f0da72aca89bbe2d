extension EventLoop {
    /// Runs `work` on `pool` (the loop's default pool when nil) and returns its result on
    /// the loop, which keeps serving other tasks meanwhile.
    ///
    /// Usage: `let n = try await loop.runInExecutor(pool) { blockingCount() }`
    ///
    /// asyncio: `loop.run_in_executor(executor, func)`.
    /// - Throws: what `work` throws; `CancellationError` if the awaiting task is cancelled
    ///   (a call already running finishes in the background and its result is dropped; one
    ///   not yet started never runs); `LoopStateError` if the pool is shut down.
    public func runInExecutor<T: Sendable>(
        _ pool: ThreadPool? = nil, _ work: @escaping @Sendable () throws -> T
    ) async throws -> T {
        let pool = pool ?? defaultThreadPool()
        var item: WorkItem?
        return try await suspend(
            onCancel: { [self] w in
                // Not started: it never runs, so no result will come to uncount it.
                if item?.cancel() == true { foreignWorkInFlight.subtract(1, ordering: .relaxed) }
                w.resume(.failure(CancellationError()))
            },
            target: .toThread,
            register: { (w: Waiter<T>) in
                let box = UncheckedBox(w)
                foreignWorkInFlight.add(1, ordering: .relaxed)
                let deliver: @Sendable (Result<T, any Error>) -> Void = { [self] result in
                    postFromAnyThread {
                        self.foreignWorkInFlight.subtract(1, ordering: .relaxed)
                        box.value.resume(result)
                    }
                }
                let work = WorkItem({ deliver(Result { try work() }) }, onFailure: { deliver(.failure($0)) })
                item = work
                if !pool.submit(work) {
                    foreignWorkInFlight.subtract(1, ordering: .relaxed)
                    w.resume(.failure(LoopStateError("cannot schedule new futures after shutdown")))
                }
            })
    }

    /// The pool `toThread` and `runInExecutor(nil)` use, made on first use and shut down
    /// (waiting for running work) when `AsyncIO.run` finishes.
    public func defaultThreadPool() -> ThreadPool {
        if let p = defaultPool { return p }
        let p = ThreadPool()
        defaultPool = p
        return p
    }

    /// Shuts the default pool down, blocking the calling thread until running work ends.
    /// Do not call it from the loop's thread while a call may need the loop (`submit`):
    /// `AsyncIO.run` shuts the pool down itself, serving the loop while it waits.
    ///
    /// Usage: `loop.shutdownDefaultExecutor()` — asyncio: `loop.shutdown_default_executor()`.
    public func shutdownDefaultExecutor() {
        defaultPool?.shutdown(wait: true)
        defaultPool = nil
    }
}

/// Runs blocking `work` on the loop's thread pool and returns its result; the loop keeps
/// serving other tasks meanwhile.
///
/// Usage: `let rows = try await AsyncIO.toThread { db.blockingQuery() }`
///
/// asyncio: `asyncio.to_thread(func)`. There is no GIL: CPU-bound work on the pool runs in
/// parallel with the loop and with other pool threads.
/// - Throws: what `work` throws; `CancellationError` if the awaiting task is cancelled
///   (the call, if already running, finishes in the background and its result is dropped).
public func toThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await runningLoop().runInExecutor(nil, work)
}
