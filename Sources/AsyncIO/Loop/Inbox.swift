import Synchronization

/// Work handed to the loop by other threads.
enum InboxItem: Sendable {
    case taskJob(UnownedJob)
    case actorJob(UnownedJob)
    case callback(@Sendable () -> Void)
}

/// The thread-safe door into the loop: other threads append under a mutex and ring the
/// loop's eventfd, but only on a `woken` false→true change, so a burst of cross-thread
/// resumes costs one write(2) and one wake-up.
final class Inbox: Sendable {
    private struct State {
        var items: [InboxItem] = []
        var closed = false
    }
    private let state = Locked(State())
    private let woken = Atomic<Bool>(false)
    let eventFD: Int32

    init() throws {
        eventFD = try EventFD.create()
    }

    /// Appends `item` and wakes the loop if it is not already being woken. Any thread.
    /// After `close()` the item is dropped (returns false): the loop will never run again.
    @discardableResult
    func post(_ item: InboxItem) -> Bool {
        state.withLock { st in
            guard !st.closed else { return false }
            st.items.append(item)
            signalIfNeeded()
            return true
        }
    }

    /// Wakes the loop (also used by the virtual clock and `stop()` from other threads).
    func wake() {
        state.withLock { st in
            if !st.closed { signalIfNeeded() }
        }
    }

    /// Called with the lock held, so `close()` cannot close the descriptor in between
    /// (a write to a closed, reused descriptor would hit someone else's file).
    private func signalIfNeeded() {
        if !woken.exchange(true, ordering: .acquiringAndReleasing) {
            EventFD.signal(eventFD)
        }
    }

    /// Whether a wake-up is pending (cheap; the loop checks it every pass).
    var hasWork: Bool { woken.load(ordering: .acquiring) }

    /// Takes everything posted so far. Loop thread only. `woken` is cleared *before* the
    /// items are taken, so a post that races with this sets it again and is not lost.
    func takeAll() -> [InboxItem] {
        woken.store(false, ordering: .sequentiallyConsistent)
        EventFD.drain(eventFD)
        return state.withLock { st in
            if st.items.isEmpty { return [] }
            let taken = st.items
            st.items.removeAll(keepingCapacity: true)
            return taken
        }
    }

    func close() {
        state.withLock { st in
            guard !st.closed else { return }
            st.closed = true
            st.items.removeAll()
            Posix.close(eventFD)
        }
    }
}
