/// The low-level, callback API for a stream connection: the transport calls these on the
/// loop as things happen. For the last bit of speed; most code uses `StreamReader` and
/// `StreamWriter` instead.
///
/// Usage:
/// ```swift
/// final class Echo: StreamProtocol {
///     var transport: StreamTransport?
///     func connectionMade(_ t: StreamTransport) { transport = t }
///     func dataReceived(_ data: UnsafeRawBufferPointer) { transport?.write(data) }
/// }
/// let server = try await loop.createServer(host: "127.0.0.1", port: 8888) { Echo() }
/// ```
///
/// asyncio: `asyncio.Protocol`. `data` is only valid during the call: copy what you keep.
public protocol StreamProtocol: AnyObject {
    /// The connection is up. asyncio: `connection_made`.
    func connectionMade(_ transport: StreamTransport)
    /// Bytes arrived. asyncio: `data_received`.
    func dataReceived(_ data: UnsafeRawBufferPointer)
    /// The peer will send no more. Return true to keep the connection open for writing
    /// (half-close), false to close it. asyncio: `eof_received`.
    func eofReceived() -> Bool
    /// The connection is closed; `error` is nil for a clean close. asyncio: `connection_lost`.
    func connectionLost(_ error: (any Error)?)
    /// The transport's write buffer went over its high-water mark. asyncio: `pause_writing`.
    func pauseWriting()
    /// It drained below the low-water mark. asyncio: `resume_writing`.
    func resumeWriting()
}

extension StreamProtocol {
    public func connectionMade(_ transport: StreamTransport) {}
    public func eofReceived() -> Bool { false }
    public func connectionLost(_ error: (any Error)?) {}
    public func pauseWriting() {}
    public func resumeWriting() {}
}

/// The low-level, callback API for datagrams.
///
/// asyncio: `asyncio.DatagramProtocol`.
public protocol DatagramProtocol: AnyObject {
    /// The endpoint is ready. asyncio: `connection_made`.
    func connectionMade(_ transport: DatagramTransport)
    /// A datagram arrived. asyncio: `datagram_received`.
    func datagramReceived(_ data: UnsafeRawBufferPointer, from address: SocketAddress)
    /// A send or receive failed (ICMP errors such as connection refused). asyncio: `error_received`.
    func errorReceived(_ error: any Error)
    /// The endpoint is closed. asyncio: `connection_lost`.
    func connectionLost(_ error: (any Error)?)
}

extension DatagramProtocol {
    public func connectionMade(_ transport: DatagramTransport) {}
    public func errorReceived(_ error: any Error) {}
    public func connectionLost(_ error: (any Error)?) {}
}
