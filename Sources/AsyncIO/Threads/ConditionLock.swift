#if canImport(Glibc)
import Glibc
#endif

/// A pthread mutex with a condition variable, for threads that must block (pool workers,
/// `ThreadSafeFuture.wait`). `Synchronization.Mutex` has no condition variable.
final class ConditionLock: @unchecked Sendable {
    // @unchecked Sendable: the pthread objects are the synchronisation; they live on the
    // heap at a fixed address for the object's life.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        var attr = pthread_condattr_t()
        pthread_condattr_init(&attr)
        pthread_condattr_setclock(&attr, CLOCK_MONOTONIC)
        pthread_cond_init(cond, &attr)
        pthread_condattr_destroy(&attr)
    }

    deinit {
        pthread_cond_destroy(cond)
        pthread_mutex_destroy(mutex)
        cond.deallocate()
        mutex.deallocate()
    }

    func lock() { pthread_mutex_lock(mutex) }
    func unlock() { pthread_mutex_unlock(mutex) }

    func withLock<R>(_ body: () throws -> R) rethrows -> R {
        lock()
        defer { unlock() }
        return try body()
    }

    /// Waits for a signal with the lock held; false if `seconds` passed first (nil, or
    /// `.infinity` and anything past `LoopConstants.longestTimedWait`: no limit; NaN,
    /// zero or negative: the limit has passed, so it returns at once).
    @discardableResult
    func wait(seconds: Double? = nil) -> Bool {
        let limit = seconds.map(blockingNanoseconds) ?? -1
        if limit < 0 {
            pthread_cond_wait(cond, mutex)
            return true
        }
        if limit == 0 { return false }
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        let total = Int64(now.tv_nsec) + limit % 1_000_000_000
        var deadline = timespec(
            tv_sec: now.tv_sec + Int(limit / 1_000_000_000) + Int(total / 1_000_000_000),
            tv_nsec: Int(total % 1_000_000_000))
        return pthread_cond_timedwait(cond, mutex, &deadline) == 0
    }

    func signal() { pthread_cond_signal(cond) }
    func broadcast() { pthread_cond_broadcast(cond) }
}
