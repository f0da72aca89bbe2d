/// The I/O backend contract the run cycle relies on. epoll implements it today; a
/// completion-based backend (io_uring) can replace it without touching the run cycle.
protocol SelectorBackend: AnyObject {
    /// Starts watching `fd` for `events`; `callback` runs on the loop with the events seen.
    func register(fd: Int32, events: UInt32, callback: @escaping (UInt32) -> Void) throws
    /// Changes the events watched on `fd`.
    func modify(fd: Int32, events: UInt32) throws
    /// Stops watching `fd`.
    func unregister(fd: Int32) throws
    /// Waits up to `timeoutNanoseconds` (-1: forever, 0: don't block) and calls `ready` for
    /// each registration that has events, in the order the kernel reported them.
    func poll(timeoutNanoseconds: Int64, ready: (_ callback: (UInt32) -> Void, _ events: UInt32) -> Void) throws
    /// Registrations made by users of the loop (not the loop's own doorbells).
    var userRegistrations: Int { get }
    func close()
}

/// The epoll selector. Each registration gets an ID, packed with the fd into `epoll_data`,
/// so an event still queued for a closed-and-reused fd is recognised and dropped.
final class EpollSelector: SelectorBackend {
    private struct Registration {
        let id: UInt32
        var events: UInt32
        let callback: (UInt32) -> Void
        let internalUse: Bool
    }

    private let epfd: Int32
    private var registrations: [Int32: Registration] = [:]
    private var nextID: UInt32 = 1
    private let eventBits: UnsafeMutablePointer<UInt32>
    private let eventData: UnsafeMutablePointer<UInt64>
    private(set) var userRegistrations = 0
    /// Set while registering the loop's own fds (inbox doorbell, dispatch main queue).
    var registeringInternal = false

    init() throws {
        epfd = try Epoll.create()
        eventBits = .allocate(capacity: LoopConstants.maxEventsPerPoll)
        eventData = .allocate(capacity: LoopConstants.maxEventsPerPoll)
    }

    deinit {
        eventBits.deallocate()
        eventData.deallocate()
    }

    func register(fd: Int32, events: UInt32, callback: @escaping (UInt32) -> Void) throws {
        let id = nextID
        nextID = nextID == UInt32.max ? 1 : nextID + 1
        try Epoll.add(epfd, fd: fd, events: events, data: UInt64(id) << 32 | UInt64(UInt32(bitPattern: fd)))
        registrations[fd] = Registration(id: id, events: events, callback: callback, internalUse: registeringInternal)
        if !registeringInternal { userRegistrations += 1 }
    }

    func modify(fd: Int32, events: UInt32) throws {
        guard var reg = registrations[fd] else { return }
        try Epoll.modify(epfd, fd: fd, events: events, data: UInt64(reg.id) << 32 | UInt64(UInt32(bitPattern: fd)))
        reg.events = events
        registrations[fd] = reg
    }

    func unregister(fd: Int32) throws {
        guard let reg = registrations.removeValue(forKey: fd) else { return }
        if !reg.internalUse { userRegistrations -= 1 }
        try Epoll.remove(epfd, fd: fd)
    }

    func poll(timeoutNanoseconds: Int64, ready: ((UInt32) -> Void, UInt32) -> Void) throws {
        let n = try Epoll.wait(
            epfd, events: eventBits, datas: eventData,
            max: Int32(LoopConstants.maxEventsPerPoll), timeoutNanoseconds: timeoutNanoseconds)
        for i in 0..<n {
            let data = eventData[i]
            let fd = Int32(bitPattern: UInt32(truncatingIfNeeded: data))
            let id = UInt32(truncatingIfNeeded: data >> 32)
            guard let reg = registrations[fd], reg.id == id else { continue }  // stale event
            ready(reg.callback, eventBits[i])
        }
    }

    func close() {
        registrations.removeAll()
        Posix.close(epfd)
    }
}
