#if canImport(Glibc)
import Glibc
#endif

/// A listening server: accepts connections on one or more sockets and gives each to a
/// new protocol (low level) or a handler task (streams).
///
/// Usage:
/// ```swift
/// let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 8888) { reader, writer in … }
/// print(server.addresses)
/// try await server.serveForever()
/// ```
///
/// asyncio: `asyncio.Server`. Loop thread only.
public final class Server: CustomStringConvertible, @unchecked Sendable {
    // @unchecked Sendable: loop thread only, like asyncio's Server.
    let loop: EventLoop
    private var listeners: [Int32]
    private let backlog: Int32
    private let makeProtocol: () -> any StreamProtocol
    private var connections: [ObjectIdentifier: StreamTransport] = [:]
    private var serving = false
    private var closed = false
    private var closedWaiters = WaiterQueue<Void>()
    private var unixPath: String?
    /// The addresses the server listens on.
    public let addresses: [SocketAddress]
    /// Seconds accepting pauses after EMFILE/ENFILE.
    var acceptRetryDelay = LoopConstants.acceptRetryDelay

    init(loop: EventLoop, listeners: [Int32], backlog: Int32, unixPath: String?,
         makeProtocol: @escaping () -> any StreamProtocol) {
        self.loop = loop
        self.listeners = listeners
        self.backlog = backlog
        self.unixPath = unixPath
        self.makeProtocol = makeProtocol
        addresses = listeners.compactMap { Socket.localAddress($0) }
    }

    /// Starts accepting (done by `startServer`; idempotent). From then on the loop keeps
    /// the server alive until `close()` or the loop's own close, so a server whose last
    /// reference is dropped keeps serving, as in asyncio.
    ///
    /// Usage: `try server.startServing()` — asyncio: `start_serving`.
    /// - Throws: `OSError` from `listen` or epoll; the server is then closed.
    public func startServing() throws {
        guard !serving, !closed else { return }
        serving = true
        do {
            for fd in listeners {
                try Socket.listen(fd, backlog: backlog)
                try register(fd)
            }
        } catch {
            close()
            throw error
        }
        loop.servingServers[ObjectIdentifier(self)] = self
    }

    private func register(_ fd: Int32) throws {
        // Unowned: a registered listener belongs to a serving server, which the loop holds
        // until `close()` unregisters it.
        try loop.selector.register(fd: fd, interest: .readable) { [unowned self] _ in self.acceptReady(fd) }
    }

    /// Accepts up to `backlog` connections per readiness event, as asyncio does.
    private func acceptReady(_ fd: Int32) {
        for _ in 0..<Int(max(1, backlog)) {
            let accepted: (Int32, SocketAddress)?
            do {
                accepted = try Socket.accept(fd)
            } catch let e as OSError where e.isOutOfDescriptors || e.errno == ENOBUFS || e.errno == ENOMEM {
                // Out of descriptors: stop accepting for a while; connections wait in the
                // backlog and the server keeps serving once descriptors free up.
                loop.callExceptionHandler(ExceptionContext(
                    message: "socket.accept() out of system resource", error: e))
                try? loop.selector.unregister(fd: fd)
                loop.scheduleLater(acceptRetryDelay) { [weak self] in
                    guard let self, !self.closed else { return }
                    try? self.register(fd)
                }
                return
            } catch {
                loop.callExceptionHandler(ExceptionContext(message: "Error on accepting a connection", error: error))
                return
            }
            guard let (client, _) = accepted else { return }
            if let a = Socket.localAddress(client), a.family != .unix { Socket.setNoDelay(client) }
            let transport = StreamTransport(loop: loop, io: SocketIO(fd: client), protocol: makeProtocol())
            let id = ObjectIdentifier(transport)
            connections[id] = transport
            transport.onClosed = { [weak self] in
                self?.connections[id] = nil
                self?.wakeClosedWaiters()
            }
            transport.start()
        }
    }

    /// Whether the server is accepting. asyncio: `is_serving`.
    public var isServing: Bool { serving && !closed }

    /// Connections still open.
    public var connectionCount: Int { connections.count }

    /// Stops listening (open connections stay). The Unix socket file is removed.
    /// asyncio: `close()`.
    public func close() {
        guard !closed else { return }
        closed = true
        for fd in listeners {
            if serving { try? loop.selector.unregister(fd: fd) }
            Posix.close(fd)
        }
        listeners = []
        serving = false
        if let path = unixPath { Socket.unlink(path) }
        wakeClosedWaiters()
        // Last: the loop's reference may be the one keeping this server alive.
        loop.servingServers[ObjectIdentifier(self)] = nil
    }

    deinit {
        // Only a server that never served gets here open (the loop holds serving ones).
        if !closed {
            for fd in listeners { Posix.close(fd) }
        }
    }

    /// Closes every open connection (after their buffered data). asyncio: `close_clients`.
    public func closeClients() {
        for t in connections.values { t.close() }
    }

    /// Aborts every open connection. asyncio: `abort_clients`.
    public func abortClients() {
        for t in connections.values { t.abort() }
    }

    private func wakeClosedWaiters() {
        guard closed && connections.isEmpty else { return }
        for w in closedWaiters.removeAll() { w.resume(.success(())) }
    }

    /// Waits until the server is closed and its connections are gone.
    /// asyncio: `wait_closed()` (3.12 semantics).
    public func waitClosed() async throws {
        if closed && connections.isEmpty { return }
        try await loop.suspend(
            onCancel: { [self] w in
                closedWaiters.remove(w)
                w.resume(.failure(CancellationError()))
            },
            register: { (w: Waiter<Void>) in
                if closed && connections.isEmpty { w.resume(.success(())) } else { closedWaiters.append(w) }
            })
    }

    /// Serves until the awaiting task is cancelled (then closes the server) or someone
    /// calls `close()`. asyncio: `serve_forever()`.
    public func serveForever() async throws {
        try startServing()
        do {
            while !closed {
                try await loop.suspend { (w: Waiter<Void>) in
                    if closed { w.resume(.success(())) } else { closedWaiters.append(w) }
                }
            }
        } catch {
            close()
            throw error
        }
    }

    public var description: String {
        "<Server sockets=\(addresses.map(\.description)) serving=\(isServing) connections=\(connections.count)>"
    }
}
