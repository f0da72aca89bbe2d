/// How a `StreamTransport` moves bytes through its descriptor: the small I/O interface
/// under every stream, with a socket and a pipe implementation (SwiftNIO's `BaseSocket` /
/// `PipePair` split). The transport owns the descriptor's lifecycle; this only does I/O.
protocol StreamIO {
    /// The descriptor the selector watches.
    var fd: Int32 { get }
    /// Whether bytes come in through it (a pipe's write end has nothing to read).
    var canRead: Bool { get }
    /// Whether bytes go out through it.
    var canWrite: Bool { get }
    /// Reads into `buffer`: the count (0 at EOF), or nil when nothing is there.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int?
    /// Writes what the kernel takes now: the count, or nil when it takes nothing.
    func write(_ bytes: UnsafeRawBufferPointer) throws -> Int?
    /// Ends the write side and keeps reading (TCP half-close); false when the only way to
    /// end writing is to close the descriptor (a pipe).
    func shutdownWrite() throws -> Bool
    /// The addresses of a socket; nil for a pipe.
    var localAddress: SocketAddress? { get }
    var peerAddress: SocketAddress? { get }
}

/// A connected TCP or Unix stream socket: `send` with MSG_NOSIGNAL, `shutdown(SHUT_WR)`.
struct SocketIO: StreamIO {
    let fd: Int32
    var canRead: Bool { true }
    var canWrite: Bool { true }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int? { try Socket.read(fd, buffer) }
    func write(_ bytes: UnsafeRawBufferPointer) throws -> Int? { try Socket.send(fd, bytes) }
    func shutdownWrite() throws -> Bool {
        try Socket.shutdownWrite(fd)
        return true
    }
    var localAddress: SocketAddress? { Socket.localAddress(fd) }
    var peerAddress: SocketAddress? { Socket.peerAddress(fd) }
}

/// One end of a pipe: the read end of a child's stdout or stderr, or the write end of its
/// stdin. Writes get EPIPE, never SIGPIPE, when the reader is gone.
struct PipeIO: StreamIO {
    let fd: Int32
    /// Whether this is the read end.
    let readEnd: Bool
    var canRead: Bool { readEnd }
    var canWrite: Bool { !readEnd }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int? { try Socket.read(fd, buffer) }
    func write(_ bytes: UnsafeRawBufferPointer) throws -> Int? { try Pipe.write(fd, bytes) }
    func shutdownWrite() throws -> Bool { false }
    var localAddress: SocketAddress? { nil }
    var peerAddress: SocketAddress? { nil }
}
