/// Tunables of the run cycle, each with the reason for its value.
enum LoopConstants {
    /// Poll epoll at least once every this many jobs even while jobs keep arriving, so I/O
    /// and cross-thread work are not starved by a busy ring. Polling on every pass (as
    /// asyncio does) halved throughput in measurements on this toolchain; 64 keeps I/O
    /// latency under a few microseconds of job time.
    static let pollEveryJobs = 64

    /// Rebuild the timer heap once it holds more than this many timers and over half of
    /// them are cancelled (asyncio's `_MIN_SCHEDULED_TIMER_HANDLES`).
    static let minTimersForCompaction = 100

    /// Debug mode logs a job that holds the loop longer than this (asyncio's
    /// `slow_callback_duration`).
    static let defaultSlowCallbackDuration = 0.1

    /// Initial capacity of the ready ring; it doubles when full.
    static let initialRingCapacity = 1024

    /// Bytes a transport reads per readiness event (asyncio's `max_size`, 256 KiB).
    static let readBufferSize = 256 * 1024

    /// Seconds a server stops accepting after the process ran out of descriptors
    /// (asyncio's `ACCEPT_RETRY_DELAY`).
    static let acceptRetryDelay = 1.0

    /// A transport's emptied write buffer keeps its storage up to this many bytes (the
    /// default high-water mark), so steady small writes do not reallocate, while a burst
    /// of megabytes is given back once sent.
    static let keptWriteBufferCapacity = 64 * 1024

    /// Events taken from epoll per poll.
    static let maxEventsPerPoll = 256

    /// A wait longer than this (about 31 years) is a wait without limit: it blocks until
    /// woken. Any time a user passes — `.infinity`, a deadline centuries away,
    /// `Task.sleep(nanoseconds: .max)` — becomes a timeout through `blockingNanoseconds`,
    /// which never overflows.
    static let longestTimedWait = 1e9
}

/// Nanoseconds to block for `seconds`: 0 for none, zero or negative; -1 (no limit) for
/// `.infinity` or anything past `LoopConstants.longestTimedWait`. NaN counts as 0 (as in
/// asyncio, a NaN deadline is due at once).
func blockingNanoseconds(_ seconds: Double) -> Int64 {
    if !(seconds > 0) { return 0 }
    if seconds >= LoopConstants.longestTimedWait { return -1 }
    return Int64(seconds * 1_000_000_000)
}
