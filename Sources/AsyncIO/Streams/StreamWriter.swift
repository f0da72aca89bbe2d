/// The protocol that connects a transport to a `StreamReader`/`StreamWriter` pair.
///
/// asyncio: `asyncio.StreamReaderProtocol` (with `FlowControlMixin`). Loop thread only.
final class StreamReaderProtocol: StreamProtocol, @unchecked Sendable {
    // @unchecked Sendable: loop thread only.
    let reader: StreamReader
    let loop: EventLoop
    private(set) var transport: StreamTransport?
    private var paused = false
    private(set) var connectionLost = false
    private(set) var lostError: (any Error)?
    private var drainWaiters = WaiterQueue<Void>()
    private var closedWaiters = WaiterQueue<Void>()
    /// Runs once the connection is made (servers start the handler task here).
    var onConnectionMade: ((StreamTransport) -> Void)?

    init(loop: EventLoop, reader: StreamReader) {
        self.loop = loop
        self.reader = reader
    }

    func connectionMade(_ transport: StreamTransport) {
        self.transport = transport
        reader.transport = transport
        onConnectionMade?(transport)
        onConnectionMade = nil
    }

    func dataReceived(_ data: UnsafeRawBufferPointer) {
        reader.feedData(data)
    }

    func eofReceived() -> Bool {
        reader.feedEOF()
        return true  // keep the write side open (half-close), as asyncio's streams do
    }

    func connectionLost(_ error: (any Error)?) {
        connectionLost = true
        lostError = error
        if let error { reader.setError(error) } else { reader.feedEOF() }
        for w in drainWaiters.removeAll() {
            w.resume(error.map { .failure($0) } ?? .success(()))
        }
        for w in closedWaiters.removeAll() { w.resume(.success(())) }
        transport = nil
    }

    func pauseWriting() { paused = true }

    func resumeWriting() {
        paused = false
        for w in drainWaiters.removeAll() { w.resume(.success(())) }
    }

    /// Waits while the transport's buffer is over its high-water mark.
    func drainHelper() async throws {
        if connectionLost { throw lostError ?? ConnectionLostError() }
        if !paused { return }
        try await loop.suspend(
            onCancel: { [self] w in
                drainWaiters.remove(w)
                w.resume(.failure(CancellationError()))
            },
            target: .streamDrain(.of(self)),
            register: { (w: Waiter<Void>) in
                if connectionLost {
                    w.resume(.failure(lostError ?? ConnectionLostError()))
                } else if !paused {
                    w.resume(.success(()))
                } else {
                    drainWaiters.append(w)
                }
            })
    }

    func waitClosed() async throws {
        if connectionLost { return }
        try await loop.suspend(
            onCancel: { [self] w in
                closedWaiters.remove(w)
                w.resume(.failure(CancellationError()))
            },
            register: { (w: Waiter<Void>) in
                if connectionLost { w.resume(.success(())) } else { closedWaiters.append(w) }
            })
    }
}

/// Buffered writing to a connection, with backpressure through `drain()`.
///
/// Usage:
/// ```swift
/// writer.write(Array("hello\n".utf8))
/// try await writer.drain()
/// writer.close()
/// try await writer.waitClosed()
/// ```
///
/// asyncio: `asyncio.StreamWriter`. Loop thread only.
public final class StreamWriter: CustomStringConvertible, @unchecked Sendable {
    // @unchecked Sendable: loop thread only; Sendable so a handler can receive it.

    /// The transport underneath, for the low-level calls.
    public let transport: StreamTransport
    let proto: StreamReaderProtocol
    let reader: StreamReader?

    init(transport: StreamTransport, protocol proto: StreamReaderProtocol, reader: StreamReader?) {
        self.transport = transport
        self.proto = proto
        self.reader = reader
    }

    /// Queues bytes; sent at once when the socket takes them. asyncio: `write`.
    public func write(_ bytes: [UInt8]) { transport.write(bytes) }

    /// Queues the UTF-8 bytes of `text`.
    public func write(_ text: String) {
        var t = text
        t.withUTF8 { transport.write(UnsafeRawBufferPointer($0)) }
    }

    /// Queues several buffers. asyncio: `writelines`.
    public func writelines(_ chunks: [[UInt8]]) {
        for c in chunks { transport.write(c) }
    }

    /// Waits until the write buffer is below its low-water mark (at once if it is).
    ///
    /// asyncio: `drain()`. - Throws: the connection's error (`OSError` reset or broken
    /// pipe) or `ConnectionLostError` once the connection is gone; `CancellationError`.
    public func drain() async throws {
        if proto.connectionLost, let e = proto.lostError { throw e }
        if transport.isClosing {
            // Let connectionLost run first, so its error is the one reported.
            try await AsyncIO.sleep(0)
        }
        try await proto.drainHelper()
    }

    /// Closes the write side after the buffer is sent. asyncio: `write_eof`.
    public func writeEOF() { transport.writeEOF() }

    /// Whether `writeEOF` is supported. asyncio: `can_write_eof`.
    public var canWriteEOF: Bool { transport.canWriteEOF }

    /// Closes the connection once buffered data is sent. asyncio: `close`.
    public func close() { transport.close() }

    /// Whether the connection is closing or closed. asyncio: `is_closing`.
    public var isClosing: Bool { transport.isClosing }

    /// Waits until the connection is closed. asyncio: `wait_closed`.
    /// - Throws: `CancellationError`.
    public func waitClosed() async throws { try await proto.waitClosed() }

    /// The peer's address. asyncio: `get_extra_info('peername')`.
    public var peerAddress: SocketAddress? { transport.peerAddress }
    /// The local address. asyncio: `get_extra_info('sockname')`.
    public var localAddress: SocketAddress? { transport.localAddress }

    public var description: String {
        "<StreamWriter transport=\(transport.isClosing ? "closing" : "open") buffered=\(transport.writeBufferSize)>"
    }
}
