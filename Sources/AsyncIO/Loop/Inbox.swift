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
    private let items = Mutex<[InboxItem]>([])
    private let woken = Atomic<Bool>(false)
    let eventFD: Int32

    init() throws {
        eventFD = try EventFD.create()
    }

    /// Appends `item` and wakes the loop if it is not already being woken. Any thread.
    func post(_ item: InboxItem) {
        items.withLock { $0.append(item) }
        wake()
    }

    /// Wakes the loop (also used by the virtual clock and `stop()` from other threads).
    func wake() {
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
        return items.withLock { list in
            if list.isEmpty { return [] }
            let taken = list
            list.removeAll(keepingCapacity: true)
            return taken
        }
    }

    func close() {
        Posix.close(eventFD)
    }
}
