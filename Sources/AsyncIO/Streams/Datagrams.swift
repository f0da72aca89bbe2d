import DequeModule

#if canImport(Glibc)
import Glibc
#endif

/// A UDP socket on the loop: datagrams in through its protocol, out with `send`.
///
/// Usage: `transport.send(bytes, to: address)`
///
/// asyncio: `_SelectorDatagramTransport`. Loop thread only.
public final class DatagramTransport: @unchecked Sendable {
    // @unchecked Sendable: loop thread only.
    let loop: EventLoop
    let fd: Int32
    var proto: (any DatagramProtocol)?
    private var closed = false
    /// Datagrams the socket did not take yet, oldest first (a deque: sent from the front).
    private var pending = Deque<([UInt8], SocketAddress?)>()
    private var registeredEvents: IOEvents = []
    /// The local address.
    public let localAddress: SocketAddress?
    /// The connected peer, if the endpoint was opened with a remote address.
    public let peerAddress: SocketAddress?

    init(loop: EventLoop, fd: Int32, protocol proto: any DatagramProtocol, connected: Bool) throws {
        self.loop = loop
        self.fd = fd
        self.proto = proto
        localAddress = Socket.localAddress(fd)
        peerAddress = connected ? Socket.peerAddress(fd) : nil
        try loop.selector.register(fd: fd, interest: .readable) { [unowned self] ev in self.handle(ev) }
        registeredEvents = .readable
        loop.scheduleSoon { [self] in if !closed { proto.connectionMade(self) } }
    }

    private func handle(_ events: IOEvents) {
        if events.contains(.writable) { flushPending() }
        if !events.isDisjoint(with: [.readable, .error]) { readReady() }
    }

    private func readReady() {
        let buffer = loop.readBuffer
        for _ in 0..<16 {  // a few per wake-up, then let others run
            guard !closed else { return }
            do {
                guard let (n, from) = try Socket.receiveFrom(fd, buffer) else { return }
                proto?.datagramReceived(UnsafeRawBufferPointer(rebasing: buffer[0..<n]), from: from)
            } catch {
                proto?.errorReceived(error)  // e.g. ECONNREFUSED from an ICMP message
                return
            }
        }
    }

    /// Sends one datagram (to the connected peer when `address` is nil). Errors go to the
    /// protocol's `errorReceived`. asyncio: `sendto`.
    public func send(_ data: [UInt8], to address: SocketAddress? = nil) {
        guard !closed else { return }
        if pending.isEmpty {
            do {
                let sent = try data.withUnsafeBytes { try Socket.sendTo(fd, $0, address) }
                if sent != nil { return }
            } catch {
                proto?.errorReceived(error)
                return
            }
        }
        pending.append((data, address))
        setEvents([.readable, .writable])
    }

    private func flushPending() {
        while let (data, address) = pending.first {
            do {
                guard try data.withUnsafeBytes({ try Socket.sendTo(fd, $0, address) }) != nil else { return }
            } catch {
                proto?.errorReceived(error)
            }
            pending.removeFirst()
        }
        setEvents(.readable)
    }

    private func setEvents(_ events: IOEvents) {
        guard events != registeredEvents, !closed else { return }
        try? loop.selector.modify(fd: fd, interest: events)
        registeredEvents = events
    }

    /// Closes the endpoint; the protocol's `connectionLost(nil)` follows. asyncio: `close`.
    public func close() {
        guard !closed else { return }
        closed = true
        try? loop.selector.unregister(fd: fd)
        Posix.close(fd)
        let p = proto
        proto = nil
        loop.scheduleSoon { p?.connectionLost(nil) }
    }

    /// Whether `close` was called.
    public var isClosing: Bool { closed }

    deinit {
        if !closed { Posix.close(fd) }
    }
}

extension EventLoop {
    /// Opens a UDP endpoint bound to `local` and/or connected to `remote`, bound to a
    /// protocol from `makeProtocol`.
    ///
    /// asyncio: `loop.create_datagram_endpoint`. - Throws: `OSError`, `GetAddrInfoError`.
    public func createDatagramEndpoint<P: DatagramProtocol>(
        local: (host: String, port: Int)? = nil, remote: (host: String, port: Int)? = nil,
        reusePort: Bool = false, _ makeProtocol: () -> P
    ) async throws -> (DatagramTransport, P) {
        var localAddress: SocketAddress?
        var remoteAddress: SocketAddress?
        if let local { localAddress = try await getaddrinfo(local.host, port: local.port, datagram: true).first }
        if let remote { remoteAddress = try await getaddrinfo(remote.host, port: remote.port, datagram: true).first }
        let domain = localAddress?.domain ?? remoteAddress?.domain ?? AF_INET
        let fd = try Socket.make(domain: domain, type: Socket.datagram)
        do {
            if let a = localAddress {
                if reusePort { try Socket.setOption(fd, level: SOL_SOCKET, name: SO_REUSEPORT, 1) }
                try Socket.bind(fd, a)
            }
            if let r = remoteAddress { _ = try Socket.connect(fd, r) }
            let p = makeProtocol()
            let t = try DatagramTransport(loop: self, fd: fd, protocol: p, connected: remoteAddress != nil)
            return (t, p)
        } catch {
            Posix.close(fd)
            throw error
        }
    }
}

/// A UDP endpoint with async `send` and `receive`: the high-level face of datagrams.
///
/// Usage:
/// ```swift
/// let udp = try await AsyncIO.openDatagramEndpoint(local: ("127.0.0.1", 0))
/// try await udp.send(Array("ping".utf8), to: peer)
/// let (data, from) = try await udp.receive()
/// ```
///
/// asyncio has no high-level datagram API; this wraps `create_datagram_endpoint` with a
/// queue of received datagrams. Loop thread only.
public final class DatagramEndpoint: DatagramProtocol, @unchecked Sendable {
    // @unchecked Sendable: loop thread only.
    private var received: [([UInt8], SocketAddress)] = []
    private var receivedHead = 0
    private var receivers = WaiterQueue<([UInt8], SocketAddress)>()
    private var lastError: (any Error)?
    private var closed = false
    /// The socket underneath.
    public private(set) var transport: DatagramTransport?
    let loop: EventLoop

    init(loop: EventLoop) { self.loop = loop }

    public func connectionMade(_ transport: DatagramTransport) {}

    public func datagramReceived(_ data: UnsafeRawBufferPointer, from address: SocketAddress) {
        let item = (Array(data), address)
        if let w = receivers.popFirst() {
            w.resume(.success(item))
        } else {
            received.append(item)
        }
    }

    public func errorReceived(_ error: any Error) {
        if let w = receivers.popFirst() { w.resume(.failure(error)) } else { lastError = error }
    }

    public func connectionLost(_ error: (any Error)?) {
        closed = true
        for w in receivers.removeAll() { w.resume(.failure(error ?? ConnectionLostError("Endpoint closed"))) }
    }

    /// The local address (with the port the kernel picked for port 0).
    public var localAddress: SocketAddress? { transport?.localAddress }

    /// Sends one datagram (to the connected peer when `address` is nil).
    /// - Throws: an error the socket reported since the last call (e.g. refused).
    public func send(_ data: [UInt8], to address: SocketAddress? = nil) async throws {
        if let e = lastError {
            lastError = nil
            throw e
        }
        guard let transport, !closed else { throw ConnectionLostError("Endpoint closed") }
        transport.send(data, to: address)
    }

    /// The next datagram and its sender.
    /// - Throws: an error the socket reported (e.g. ECONNREFUSED); `ConnectionLostError`
    ///   once closed; `CancellationError` (no datagram is lost).
    public func receive() async throws -> ([UInt8], SocketAddress) {
        if receivedHead < received.count {
            let item = received[receivedHead]
            receivedHead += 1
            if receivedHead == received.count {
                received.removeAll(keepingCapacity: true)
                receivedHead = 0
            }
            return item
        }
        if let e = lastError {
            lastError = nil
            throw e
        }
        if closed { throw ConnectionLostError("Endpoint closed") }
        return try await loop.suspend(
            onCancel: { [self] w in
                receivers.remove(w)
                w.resume(.failure(CancellationError()))
            },
            onLateCancel: { [self] item in
                // Woken with a datagram but cancelled before running: it goes to the next
                // receiver waiting (none waits while datagrams are buffered), else back to
                // the front of the buffer.
                if let next = receivers.popFirst() {
                    next.resume(.success(item))
                } else {
                    received.insert(item, at: receivedHead)
                }
            },
            register: { w in
                if receivedHead < received.count {
                    let item = received[receivedHead]
                    receivedHead += 1
                    w.resume(.success(item))
                } else if let e = lastError {
                    lastError = nil
                    w.resume(.failure(e))
                } else if closed {
                    w.resume(.failure(ConnectionLostError("Endpoint closed")))
                } else {
                    receivers.append(w)
                }
            })
    }

    /// Closes the endpoint.
    public func close() { transport?.close() }

    func attach(_ t: DatagramTransport) { transport = t }
}

/// Opens a UDP endpoint bound to `local` and/or connected to `remote`.
///
/// Usage: `let udp = try await AsyncIO.openDatagramEndpoint(local: ("127.0.0.1", 9999))`
/// - Throws: `OSError`, `GetAddrInfoError`.
public func openDatagramEndpoint(
    local: (host: String, port: Int)? = nil, remote: (host: String, port: Int)? = nil, reusePort: Bool = false
) async throws -> DatagramEndpoint {
    let loop = try runningLoop()
    let endpoint = DatagramEndpoint(loop: loop)
    let (t, _) = try await loop.createDatagramEndpoint(local: local, remote: remote, reusePort: reusePort) { endpoint }
    endpoint.attach(t)
    return endpoint
}
