#if canImport(Glibc)
import Glibc
#endif

/// A value behind a pthread mutex, for the state that crosses threads (the loop's inbox,
/// the virtual clock, thread-safe futures).
///
/// Chosen over `Synchronization.Mutex` on purpose: ThreadSanitizer knows pthread locks,
/// but not the raw futex `Mutex` uses on Linux, so every access under a `Mutex` looked
/// like a data race to it and the thread-crossing tests could not run under it.
final class Locked<State>: @unchecked Sendable {
    // @unchecked Sendable: `state` is only touched inside `withLock`, under the mutex.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private var state: State

    init(_ initial: State) {
        state = initial
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the state, holding the lock.
    func withLock<R>(_ body: (inout State) throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&state)
    }
}
