#if canImport(Glibc)
import Glibc
#endif

/// A non-blocking byte stream on the loop — a TCP or Unix socket, or one end of a pipe
/// (`StreamIO`): reads into the loop's buffer and hands the bytes to its protocol; writes
/// go straight to the descriptor when it takes them, and the rest waits in a buffer whose
/// high/low water marks pause and resume the writer.
///
/// Usage: `transport.write(bytes); transport.close()`
///
/// asyncio: `_SelectorSocketTransport`, and `_UnixReadPipeTransport` /
/// `_UnixWritePipeTransport` for a subprocess's pipes. Loop thread only.
public final class StreamTransport: @unchecked Sendable {
    // @unchecked Sendable: every member is used on the loop's thread, like the asyncio
    // transport it mirrors; it is Sendable only so handlers can hold it.

    /// The lifecycle (SwiftNIO's `SocketChannelLifecycleManager` idea).
    enum State {
        /// Reading and writing.
        case open
        /// `close()` called: no more reads; the write buffer is being flushed.
        case closing
        /// The descriptor is closed and the protocol told.
        case closed
    }

    let loop: EventLoop
    let io: any StreamIO
    var fd: Int32 { io.fd }
    var proto: (any StreamProtocol)?
    private(set) var state = State.open

    // MARK: reading
    private var readingPaused = false
    private var eofReceived = false

    // MARK: writing
    /// The bytes not sent yet are `writeBuffer[writeHead...]`: one coalesced buffer (as
    /// asyncio's bytearray), so each write costs one copy and each writable event one
    /// `send` of everything buffered, however many small writes it holds. The sent prefix
    /// is dropped once it is over half the buffer: amortized O(1) per byte.
    private var writeBuffer: [UInt8] = []
    private var writeHead = 0
    /// Bytes waiting in the write buffer.
    public var writeBufferSize: Int { writeBuffer.count - writeHead }
    /// Whether the write buffer holds unsent bytes.
    private var hasBufferedWrites: Bool { writeHead < writeBuffer.count }
    /// `send` calls made (tests count them: buffered writes go out together).
    private(set) var sendCalls = 0
    private var eofRequested = false
    private var eofWritten = false
    private var protocolPaused = false
    private var highWater = 64 * 1024
    private var lowWater = 16 * 1024

    // MARK: registration
    private var registeredEvents: IOEvents = []
    private var registered = false
    /// Called once after the descriptor is closed (servers forget the connection).
    var onClosed: (() -> Void)?

    /// The local address, if the socket has one.
    public let localAddress: SocketAddress?
    /// The peer's address, if connected.
    public let peerAddress: SocketAddress?

    init(loop: EventLoop, io: any StreamIO, protocol proto: any StreamProtocol) {
        self.loop = loop
        self.io = io
        self.proto = proto
        localAddress = io.localAddress
        peerAddress = io.peerAddress
        // A write-only pipe has nothing to read: as if at EOF from the start.
        eofReceived = !io.canRead
        loop.openTransports += 1
    }

    /// Starts reading and tells the protocol (on the next pass, as asyncio does).
    func start() {
        updateInterest()
        loop.scheduleSoon { [self] in
            if state == .open { proto?.connectionMade(self) }
        }
    }

    // MARK: events

    private func handle(_ events: IOEvents) {
        let trouble: IOEvents = [.error, .hangup]
        if !events.isDisjoint(with: trouble.union(.readable)), state == .open, !readingPaused, !eofReceived {
            readReady()
        }
        if !events.isDisjoint(with: trouble.union(.writable)), state != .closed, hasBufferedWrites {
            writeReady()
        }
    }

    private func readReady() {
        let buffer = loop.readBuffer
        let n: Int
        do {
            guard let count = try io.read(into: buffer) else { return }
            n = count
        } catch {
            fatalError(error)
            return
        }
        if n > 0 {
            proto?.dataReceived(UnsafeRawBufferPointer(rebasing: buffer[0..<n]))
            return
        }
        // EOF from the peer.
        eofReceived = true
        let keepOpen = proto?.eofReceived() ?? false
        if keepOpen && io.canWrite {
            updateInterest()  // stop reading; writing may go on
        } else {
            close()
        }
    }

    private func writeReady() {
        do {
            try flush()
        } catch {
            fatalError(error)
            return
        }
        maybeResumeProtocol()
        if !hasBufferedWrites {
            if state == .closing {
                finishClose(nil)
                return
            }
            if eofRequested && !eofWritten { shutdownWrite() }
        }
        updateInterest()
    }

    /// Sends as much of the buffer as the socket takes, in one `send` (a partial send
    /// means the socket is full).
    private func flush() throws {
        guard hasBufferedWrites else { return }
        sendCalls += 1
        let sent: Int? = try writeBuffer.withUnsafeBytes { all in
            try io.write(UnsafeRawBufferPointer(rebasing: all[writeHead...]))
        }
        writeHead += sent ?? 0
        if writeHead == writeBuffer.count {
            writeBuffer.removeAll(keepingCapacity: writeBuffer.capacity <= LoopConstants.keptWriteBufferCapacity)
            writeHead = 0
        } else if writeHead > writeBuffer.count / 2 {
            // Moves fewer bytes than were sent since the last move.
            writeBuffer.removeFirst(writeHead)
            writeHead = 0
        }
    }

    // MARK: public API

    /// Queues `data` for sending: sent at once if the socket takes it, else buffered.
    ///
    /// asyncio: `transport.write`. Ignored once the transport is closing (as asyncio does
    /// after `close()`); a failure closes the transport and reaches the protocol's
    /// `connectionLost`.
    public func write(_ data: UnsafeRawBufferPointer) {
        if data.isEmpty || state != .open || eofRequested { return }
        var offset = 0
        if !hasBufferedWrites {
            sendCalls += 1
            do {
                offset = try io.write(data) ?? 0
            } catch {
                fatalError(error)
                return
            }
            if offset == data.count { return }
        }
        writeBuffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: data[offset...]))
        updateInterest()
        maybePauseProtocol()
    }

    /// Queues `bytes` for sending.
    public func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Closes the write side once the buffer is sent (TCP half-close). asyncio: `write_eof`.
    public func writeEOF() {
        if eofRequested || state != .open { return }
        eofRequested = true
        if !hasBufferedWrites { shutdownWrite() }
    }

    /// Whether `writeEOF` is supported: always, for TCP and Unix streams and a pipe's
    /// write end (which it closes, as asyncio's write-pipe transport does).
    public var canWriteEOF: Bool { io.canWrite }

    private func shutdownWrite() {
        eofWritten = true
        do {
            // A pipe cannot half-close: its write end is all there is, so it closes.
            if try !io.shutdownWrite() { close() }
        } catch {
            fatalError(error)
        }
    }

    /// Closes the transport after the buffered data is sent; the protocol's
    /// `connectionLost(nil)` follows. asyncio: `transport.close`.
    public func close() {
        guard state == .open else { return }
        state = .closing
        if !hasBufferedWrites {
            finishClose(nil)
        } else {
            updateInterest()  // stop reading, keep flushing
        }
    }

    /// Closes at once, dropping buffered data. asyncio: `transport.abort`.
    public func abort() {
        forceClose(nil)
    }

    /// Whether `close` or `abort` was called or the connection was lost. asyncio: `is_closing`.
    public var isClosing: Bool { state != .open }

    /// Stops reading until `resumeReading` (backpressure from a slow consumer).
    public func pauseReading() {
        guard !readingPaused else { return }
        readingPaused = true
        updateInterest()
    }

    /// Resumes reading. asyncio: `resume_reading`.
    public func resumeReading() {
        guard readingPaused else { return }
        readingPaused = false
        updateInterest()
    }

    /// Whether the transport is reading. asyncio: `is_reading`.
    public var isReading: Bool { state == .open && !readingPaused && !eofReceived }

    /// Sets the write buffer's water marks (defaults 64 KiB / 16 KiB, as asyncio: `high`
    /// defaults to 4 × `low`, `low` to `high` / 4).
    ///
    /// Usage: `try transport.setWriteBufferLimits(high: 1 << 20)` — asyncio:
    /// `set_write_buffer_limits(high, low)`.
    /// - Throws: `ValueError` unless `high >= low >= 0`.
    public func setWriteBufferLimits(high: Int? = nil, low: Int? = nil) throws {
        let h = high ?? (low.map { $0.multipliedReportingOverflow(by: 4).overflow ? Int.max : $0 * 4 } ?? 64 * 1024)
        let l = low ?? h / 4
        guard h >= l, l >= 0 else { throw ValueError("high (\(h)) must be >= low (\(l)) must be >= 0") }
        highWater = h
        lowWater = l
        maybePauseProtocol()
        maybeResumeProtocol()
    }

    // MARK: flow control

    private func maybePauseProtocol() {
        if !protocolPaused && writeBufferSize > highWater {
            protocolPaused = true
            proto?.pauseWriting()
        }
    }

    private func maybeResumeProtocol() {
        if protocolPaused && writeBufferSize <= lowWater {
            protocolPaused = false
            proto?.resumeWriting()
        }
    }

    // MARK: closing

    private func fatalError(_ error: any Error) {
        forceClose(error)
    }

    private func forceClose(_ error: (any Error)?) {
        guard state != .closed else { return }
        writeBuffer.removeAll()
        writeHead = 0
        state = .closing
        finishClose(error)
    }

    /// Unregisters, closes the descriptor and tells the protocol on the next pass.
    private func finishClose(_ error: (any Error)?) {
        state = .closed
        if registered {
            try? loop.selector.unregister(fd: fd)
            registered = false
        }
        Posix.close(fd)
        loop.openTransports -= 1
        let p = proto
        proto = nil
        loop.scheduleSoon { [onClosed] in
            p?.connectionLost(error)
            onClosed?()
        }
    }

    /// Registers exactly the events the transport needs; none means no registration at
    /// all (a hung-up socket would otherwise report EPOLLHUP forever).
    private func updateInterest() {
        guard state != .closed else { return }
        var want: IOEvents = []
        if state == .open && !readingPaused && !eofReceived { want.insert(.readable) }
        if hasBufferedWrites { want.insert(.writable) }
        do {
            if want.isEmpty {
                if registered {
                    try loop.selector.unregister(fd: fd)
                    registered = false
                }
            } else if !registered {
                try loop.selector.register(fd: fd, interest: want) { [unowned self] ev in self.handle(ev) }
                registered = true
            } else if want != registeredEvents {
                try loop.selector.modify(fd: fd, interest: want)
            }
            registeredEvents = want
        } catch {
            fatalError(error)
        }
    }

    deinit {
        if state != .closed {
            Posix.close(fd)
            loop.openTransports -= 1
        }
    }
}
