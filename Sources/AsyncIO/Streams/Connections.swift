#if canImport(Glibc)
import Glibc
#endif

extension EventLoop {
    /// Resolves `host` off the loop (on the thread pool); numeric addresses resolve at
    /// once without a thread.
    ///
    /// Usage: `let addrs = try await loop.getaddrinfo("localhost", port: 80)` —
    /// asyncio: `loop.getaddrinfo`. - Throws: `GetAddrInfoError`.
    public func getaddrinfo(_ host: String, port: Int, datagram: Bool = false) async throws -> [SocketAddress] {
        _ = try Arguments.cString(host)
        _ = try Arguments.port(port, "getaddrinfo")
        let type = datagram ? Socket.datagram : Socket.stream
        if let numeric = SocketAddress(ip: host, port: port) { return [numeric] }
        return try await runInExecutor(nil) { try Socket.resolve(host: host, port: port, type: type) }
    }

    /// Connects a non-blocking socket to `address`, waiting for the connection on the
    /// loop. Cancelling closes the socket: no descriptor leaks.
    func connectSocket(_ address: SocketAddress, type: Int32) async throws -> Int32 {
        let fd = try Socket.make(domain: address.domain, type: type)
        do {
            if try Socket.connect(fd, address) == .inProgress {
                try await suspend(
                    onCancel: { [self] w in
                        try? selector.unregister(fd: fd)
                        w.resume(.failure(CancellationError()))
                    },
                    register: { (w: Waiter<Void>) in
                        do {
                            try selector.register(fd: fd, interest: .writable) { [unowned self] _ in
                                try? self.selector.unregister(fd: fd)
                                w.resume(.success(()))
                            }
                        } catch {
                            w.resume(.failure(error))
                        }
                    })
                let err = Socket.pendingError(fd)
                if err != 0 { throw OSError(errno: err, function: "connect(\(address))") }
            }
            return fd
        } catch {
            Posix.close(fd)
            throw error
        }
    }

    /// Opens a connection and binds it to a protocol from `makeProtocol`.
    ///
    /// Usage: `let (t, p) = try await loop.createConnection(host: "127.0.0.1", port: 8888) { Client() }`
    ///
    /// asyncio: `loop.create_connection`. Tries each resolved address in turn.
    /// - Throws: the last connection error (`OSError`, e.g. `isConnectionRefused`),
    ///   `GetAddrInfoError`, `CancellationError`.
    public func createConnection<P: StreamProtocol>(
        host: String, port: Int, _ makeProtocol: () -> P
    ) async throws -> (StreamTransport, P) {
        let fd = try await connect(host: host, port: port)
        return startTransport(fd: fd, tcp: true, makeProtocol())
    }

    func connect(host: String, port: Int) async throws -> Int32 {
        _ = try Arguments.port(port, "connect")
        let addresses = try await getaddrinfo(host, port: port)
        var lastError: (any Error) = OSError(errno: EHOSTUNREACH, function: "connect(\(host):\(port))")
        for address in addresses {
            do {
                return try await connectSocket(address, type: Socket.stream)
            } catch let e as CancellationError {
                throw e
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    func startTransport<P: StreamProtocol>(fd: Int32, tcp: Bool, _ proto: P) -> (StreamTransport, P) {
        if tcp { Socket.setNoDelay(fd) }
        let transport = StreamTransport(loop: self, io: SocketIO(fd: fd), protocol: proto)
        transport.start()
        return (transport, proto)
    }

    /// Listens on `host:port` and binds each accepted connection to a new protocol.
    ///
    /// Usage: `let server = try await loop.createServer(host: "127.0.0.1", port: 0) { Echo() }`
    ///
    /// asyncio: `loop.create_server`. `port: 0` picks a free port (see `server.addresses`);
    /// `host: nil` listens on every IPv4 interface. `SO_REUSEADDR` is on; `reusePort` sets
    /// `SO_REUSEPORT` so several loops can share the port. - Throws: `OSError` (e.g.
    /// address in use), `GetAddrInfoError`.
    public func createServer(
        host: String? = nil, port: Int, backlog: Int = 100, reusePort: Bool = false,
        _ makeProtocol: @escaping () -> any StreamProtocol
    ) async throws -> Server {
        _ = try Arguments.port(port, "bind")
        let backlog = try Arguments.backlog(backlog)
        let addresses = try await getaddrinfo(host ?? "0.0.0.0", port: port)
        var listeners: [Int32] = []
        do {
            for address in addresses {
                let fd = try Socket.make(domain: address.domain, type: Socket.stream)
                listeners.append(fd)
                try Socket.setOption(fd, level: SOL_SOCKET, name: SO_REUSEADDR, 1)
                if reusePort { try Socket.setOption(fd, level: SOL_SOCKET, name: SO_REUSEPORT, 1) }
                if address.family == .ipv6 { try Socket.setOption(fd, level: Int32(IPPROTO_IPV6), name: IPV6_V6ONLY, 1) }
                try Socket.bind(fd, address)
            }
        } catch {
            for fd in listeners { Posix.close(fd) }
            throw error
        }
        let server = Server(loop: self, listeners: listeners, backlog: backlog, unixPath: nil, makeProtocol: makeProtocol)
        try server.startServing()
        return server
    }

    /// Listens on the Unix socket `path` (a stale socket file there is replaced; the file
    /// is removed when the server closes). asyncio: `loop.create_unix_server`.
    public func createUnixServer(
        path: String, backlog: Int = 100, _ makeProtocol: @escaping () -> any StreamProtocol
    ) throws -> Server {
        _ = try Arguments.cString(path)
        let backlog = try Arguments.backlog(backlog)
        guard let address = SocketAddress(unixPath: path) else {
            throw OSError(errno: ENAMETOOLONG, function: "bind(\(path))")
        }
        if Socket.pathIsSocket(path) { Socket.unlink(path) }
        let fd = try Socket.make(domain: AF_UNIX, type: Socket.stream)
        do {
            try Socket.bind(fd, address)
        } catch {
            Posix.close(fd)
            throw error
        }
        let server = Server(loop: self, listeners: [fd], backlog: backlog, unixPath: path, makeProtocol: makeProtocol)
        try server.startServing()
        return server
    }

    /// Connects to the Unix socket `path`. asyncio: `loop.create_unix_connection`.
    public func createUnixConnection<P: StreamProtocol>(
        path: String, _ makeProtocol: () -> P
    ) async throws -> (StreamTransport, P) {
        _ = try Arguments.cString(path)
        guard let address = SocketAddress(unixPath: path) else {
            throw OSError(errno: ENAMETOOLONG, function: "connect(\(path))")
        }
        let fd = try await connectSocket(address, type: Socket.stream)
        return startTransport(fd: fd, tcp: false, makeProtocol())
    }
}

// MARK: - streams

/// Opens a TCP connection and returns its reader and writer.
///
/// Usage: `let (reader, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: 8888)`
///
/// asyncio: `asyncio.open_connection(host, port, limit=)`. `TCP_NODELAY` is on.
/// - Throws: `OSError` (`isConnectionRefused`, unreachable…), `GetAddrInfoError`,
///   `CancellationError` (the socket is closed: nothing leaks).
public func openConnection(host: String, port: Int, limit: Int = 64 * 1024) async throws -> (StreamReader, StreamWriter) {
    let loop = try runningLoop()
    _ = try Arguments.streamLimit(limit)
    let fd = try await loop.connect(host: host, port: port)
    return makeStreams(loop: loop, fd: fd, tcp: true, limit: limit)
}

/// Opens a Unix-socket connection. asyncio: `asyncio.open_unix_connection(path)`.
public func openUnixConnection(path: String, limit: Int = 64 * 1024) async throws -> (StreamReader, StreamWriter) {
    let loop = try runningLoop()
    _ = try Arguments.streamLimit(limit)
    _ = try Arguments.cString(path)
    guard let address = SocketAddress(unixPath: path) else {
        throw OSError(errno: ENAMETOOLONG, function: "connect(\(path))")
    }
    let fd = try await loop.connectSocket(address, type: Socket.stream)
    return makeStreams(loop: loop, fd: fd, tcp: false, limit: limit)
}

func makeStreams(loop: EventLoop, fd: Int32, tcp: Bool, limit: Int) -> (StreamReader, StreamWriter) {
    let reader = StreamReader(loop: loop, limit: limit)
    let proto = StreamReaderProtocol(loop: loop, reader: reader)
    let (transport, _) = loop.startTransport(fd: fd, tcp: tcp, proto)
    reader.transport = transport
    return (reader, StreamWriter(transport: transport, protocol: proto, reader: reader))
}

/// The per-connection handler of a streams server.
public typealias ConnectionHandler = @Sendable (StreamReader, StreamWriter) async throws -> Void

/// Starts a TCP server; each connection runs `handler` in a task of its own.
///
/// Usage:
/// ```swift
/// let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 8888) { reader, writer in
///     let line = try await reader.readline()
///     writer.write(line)
///     try await writer.drain()
///     writer.close()
/// }
/// ```
///
/// asyncio: `asyncio.start_server(client_connected_cb, host, port)`. The connection is
/// closed when the handler returns or throws (asyncio leaves that to the handler); a
/// handler's error goes to the loop's exception handler.
/// - Throws: `OSError` (address in use…), `GetAddrInfoError`.
public func startServer(
    host: String? = nil, port: Int, limit: Int = 64 * 1024, backlog: Int = 100, reusePort: Bool = false,
    _ handler: @escaping ConnectionHandler
) async throws -> Server {
    let loop = try runningLoop()
    _ = try Arguments.streamLimit(limit)
    return try await loop.createServer(host: host, port: port, backlog: backlog, reusePort: reusePort) {
        streamsProtocol(loop: loop, limit: limit, handler: handler)
    }
}

/// Starts a Unix-socket server. asyncio: `asyncio.start_unix_server(cb, path)`.
public func startUnixServer(
    path: String, limit: Int = 64 * 1024, backlog: Int = 100, _ handler: @escaping ConnectionHandler
) async throws -> Server {
    let loop = try runningLoop()
    _ = try Arguments.streamLimit(limit)
    return try loop.createUnixServer(path: path, backlog: backlog) {
        streamsProtocol(loop: loop, limit: limit, handler: handler)
    }
}

private func streamsProtocol(loop: EventLoop, limit: Int, handler: @escaping ConnectionHandler) -> any StreamProtocol {
    let reader = StreamReader(loop: loop, limit: limit)
    let proto = StreamReaderProtocol(loop: loop, reader: reader)
    proto.onConnectionMade = { transport in
        let writer = StreamWriter(transport: transport, protocol: proto, reader: reader)
        let task = loop.createTask(name: "connection \(transport.peerAddress?.description ?? "")") {
            try await handler(reader, writer)
        }
        task.addDoneCallback { t in
            if let e = failure(of: t), !(e is CancellationError) {
                loop.callExceptionHandler(ExceptionContext(
                    message: "Unhandled exception in client_connected_cb", error: e, taskName: t.name))
            }
            writer.close()
        }
    }
    return proto
}
