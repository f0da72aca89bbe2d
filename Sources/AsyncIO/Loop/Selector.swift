/// The I/O backend the loop uses: readiness of descriptors. `EpollSelector` implements it
/// today; a completion-based backend (io_uring) or a fake for tests can replace it
/// without touching the run cycle or the transports. Loop thread only.
protocol Selector: AnyObject {
    /// Starts watching `fd` for `interest`; `callback` runs on the loop with what was seen.
    /// `loopInternal`: one of the loop's own doorbells, which does not count as user work
    /// (a virtual clock may jump while only those are registered).
    func register(fd: Int32, interest: IOEvents, loopInternal: Bool, _ callback: @escaping (IOEvents) -> Void) throws
    /// Changes what `fd` is watched for.
    func modify(fd: Int32, interest: IOEvents) throws
    /// Stops watching `fd`.
    func unregister(fd: Int32) throws
    /// Waits up to `timeoutNanoseconds` (-1: forever, 0: don't block) and calls `ready` for
    /// each registration that has events, in the order the kernel reported them.
    func poll(timeoutNanoseconds: Int64, ready: (_ callback: (IOEvents) -> Void, _ events: IOEvents) -> Void) throws
    /// Registrations made by users of the loop (not the loop's own doorbells).
    var userRegistrations: Int { get }
    func close()
}

extension Selector {
    /// Starts watching `fd` for `interest` on behalf of a user of the loop.
    func register(fd: Int32, interest: IOEvents, _ callback: @escaping (IOEvents) -> Void) throws {
        try register(fd: fd, interest: interest, loopInternal: false, callback)
    }
}

/// The epoll selector. Each registration gets an ID, packed with the fd into `epoll_data`,
/// so an event still queued for a closed-and-reused fd is recognised and dropped.
final class EpollSelector: Selector {
    private struct Registration {
        let id: UInt32
        var events: UInt32
        let callback: (IOEvents) -> Void
        let internalUse: Bool
    }

    private let epfd: Int32
    private var registrations: [Int32: Registration] = [:]
    private var nextID: UInt32 = 1
    private let eventBits: UnsafeMutablePointer<UInt32>
    private let eventData: UnsafeMutablePointer<UInt64>
    private(set) var userRegistrations = 0

    init() throws {
        epfd = try Epoll.create()
        eventBits = .allocate(capacity: LoopConstants.maxEventsPerPoll)
        eventData = .allocate(capacity: LoopConstants.maxEventsPerPoll)
    }

    deinit {
        eventBits.deallocate()
        eventData.deallocate()
    }

    func register(fd: Int32, interest: IOEvents, loopInternal: Bool, _ callback: @escaping (IOEvents) -> Void) throws {
        let id = nextID
        nextID = nextID == UInt32.max ? 1 : nextID + 1
        let events = Epoll.bits(interest)
        try Epoll.add(epfd, fd: fd, events: events, data: UInt64(id) << 32 | UInt64(UInt32(bitPattern: fd)))
        registrations[fd] = Registration(id: id, events: events, callback: callback, internalUse: loopInternal)
        if !loopInternal { userRegistrations += 1 }
    }

    func modify(fd: Int32, interest: IOEvents) throws {
        let events = Epoll.bits(interest)
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

    func poll(timeoutNanoseconds: Int64, ready: ((IOEvents) -> Void, IOEvents) -> Void) throws {
        let n = try Epoll.wait(
            epfd, events: eventBits, datas: eventData,
            max: Int32(LoopConstants.maxEventsPerPoll), timeoutNanoseconds: timeoutNanoseconds)
        for i in 0..<n {
            let data = eventData[i]
            let fd = Int32(bitPattern: UInt32(truncatingIfNeeded: data))
            let id = UInt32(truncatingIfNeeded: data >> 32)
            guard let reg = registrations[fd], reg.id == id else { continue }  // stale event
            ready(reg.callback, Epoll.events(eventBits[i]))
        }
    }

    func close() {
        registrations.removeAll()
        Posix.close(epfd)
    }
}
