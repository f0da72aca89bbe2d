/// What a descriptor is watched for (interest), and what the selector saw (readiness):
/// the library's own type, so nothing above the selector speaks epoll, and a backend
/// other than epoll (io_uring, a fake for tests) plugs in behind `Selector` unchanged.
struct IOEvents: OptionSet, Sendable {
    let rawValue: UInt8

    /// Data (or a connection, or EOF) can be read.
    static let readable = IOEvents(rawValue: 1 << 0)
    /// The kernel takes writes.
    static let writable = IOEvents(rawValue: 1 << 1)
    /// An error is pending on the descriptor (readiness only).
    static let error = IOEvents(rawValue: 1 << 2)
    /// The peer hung up (readiness only).
    static let hangup = IOEvents(rawValue: 1 << 3)
}
