import CAsyncIOShims
#if canImport(Glibc)
import Glibc
#endif

/// Socket calls through the one door (`Posix.syscall` rules: retry EINTR, `nil` or
/// `.wouldBlock` on EAGAIN, `OSError` for the rest). Streams/ uses only these.
enum Socket {
    static let stream = Int32(SOCK_STREAM.rawValue)
    static let datagram = Int32(SOCK_DGRAM.rawValue)

    static func make(domain: Int32, type: Int32) throws -> Int32 {
        try Posix.syscall("socket") { CAsyncIO_socket(domain, type) }
    }

    static func setOption(_ fd: Int32, level: Int32, name: Int32, _ value: Int32) throws {
        _ = try Posix.syscall("setsockopt") { CAsyncIO_setsockopt_int(fd, level, name, value) }
    }

    static func setNoDelay(_ fd: Int32) {
        _ = CAsyncIO_setsockopt_int(fd, Int32(IPPROTO_TCP), TCP_NODELAY, 1)
    }

    static func bind(_ fd: Int32, _ address: SocketAddress) throws {
        var st = address.storage
        _ = try Posix.syscall("bind") { CAsyncIO_bind(fd, &st, address.length) }
    }

    static func listen(_ fd: Int32, backlog: Int32) throws {
        _ = try Posix.syscall("listen") { Glibc.listen(fd, backlog) }
    }

    enum ConnectResult { case connected, inProgress }

    static func connect(_ fd: Int32, _ address: SocketAddress) throws -> ConnectResult {
        var st = address.storage
        while true {
            if CAsyncIO_connect(fd, &st, address.length) == 0 { return .connected }
            let err = errno
            switch err {
            case EINTR: continue
            case EINPROGRESS, EAGAIN: return .inProgress
            default: throw OSError(errno: err, function: "connect")
            }
        }
    }

    /// The pending error of a socket (SO_ERROR), 0 if none.
    static func pendingError(_ fd: Int32) -> Int32 { CAsyncIO_socket_error(fd) }

    /// Accepts one connection; nil when none is waiting.
    static func accept(_ fd: Int32) throws -> (Int32, SocketAddress)? {
        var st = sockaddr_storage()
        var len = socklen_t(0)
        while true {
            let c = CAsyncIO_accept(fd, &st, &len)
            if c >= 0 { return (c, SocketAddress(storage: st, length: len)) }
            let err = errno
            switch err {
            case EINTR, ECONNABORTED: continue
            case EAGAIN: return nil
            default: throw OSError(errno: err, function: "accept4")
            }
        }
    }

    /// Reads into `buffer`: the byte count (0 at EOF), or nil when nothing is there.
    @inline(__always)
    static func read(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) throws -> Int? {
        while true {
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            if n >= 0 { return n }
            let err = errno
            if err == EINTR { continue }
            if err == EAGAIN { return nil }
            throw OSError(errno: err, function: "read")
        }
    }

    /// Sends what the kernel takes now: the count, or nil when it takes nothing.
    @inline(__always)
    static func send(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws -> Int? {
        while true {
            let n = CAsyncIO_send(fd, buffer.baseAddress, UInt(buffer.count))
            if n >= 0 { return n }
            let err = errno
            if err == EINTR { continue }
            if err == EAGAIN { return nil }
            throw OSError(errno: err, function: "send")
        }
    }

    static func sendTo(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, _ address: SocketAddress?) throws -> Int? {
        while true {
            let n: Int
            if var st = address?.storage {
                n = CAsyncIO_sendto(fd, buffer.baseAddress, UInt(buffer.count), &st, address?.length ?? 0)
            } else {
                n = CAsyncIO_sendto(fd, buffer.baseAddress, UInt(buffer.count), nil, 0)
            }
            if n >= 0 { return n }
            let err = errno
            if err == EINTR { continue }
            if err == EAGAIN { return nil }
            throw OSError(errno: err, function: "sendto")
        }
    }

    static func receiveFrom(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) throws -> (Int, SocketAddress)? {
        var st = sockaddr_storage()
        var len = socklen_t(0)
        while true {
            let n = CAsyncIO_recvfrom(fd, buffer.baseAddress, UInt(buffer.count), &st, &len)
            if n >= 0 { return (n, SocketAddress(storage: st, length: len)) }
            let err = errno
            if err == EINTR { continue }
            if err == EAGAIN { return nil }
            throw OSError(errno: err, function: "recvfrom")
        }
    }

    static func shutdownWrite(_ fd: Int32) throws {
        _ = try Posix.syscall("shutdown") { Glibc.shutdown(fd, Int32(SHUT_WR)) }
    }

    static func localAddress(_ fd: Int32) -> SocketAddress? {
        var st = sockaddr_storage()
        var len = socklen_t(0)
        guard CAsyncIO_getsockname(fd, &st, &len) == 0 else { return nil }
        return SocketAddress(storage: st, length: len)
    }

    static func peerAddress(_ fd: Int32) -> SocketAddress? {
        var st = sockaddr_storage()
        var len = socklen_t(0)
        guard CAsyncIO_getpeername(fd, &st, &len) == 0 else { return nil }
        return SocketAddress(storage: st, length: len)
    }

    /// Resolves `host` (blocking: call it off the loop). Numeric hosts never block.
    static func resolve(host: String, port: Int, type: Int32, family: Int32 = AF_UNSPEC) throws -> [SocketAddress] {
        if let numeric = SocketAddress(ip: host, port: port) { return [numeric] }
        var out = [sockaddr_storage](repeating: sockaddr_storage(), count: 16)
        var lens = [socklen_t](repeating: 0, count: 16)
        let n = CAsyncIO_resolve(host, Int32(port), family, type, &out, &lens, 16)
        if n < 0 {
            throw GetAddrInfoError(code: n, message: String(cString: CAsyncIO_gai_strerror(n)), host: host)
        }
        return (0..<Int(n)).map { SocketAddress(storage: out[$0], length: lens[$0]) }
    }

    static func unlink(_ path: String) {
        _ = Glibc.unlink(path)
    }
}

/// Name resolution failed. asyncio: `socket.gaierror`.
public struct GetAddrInfoError: Error, CustomStringConvertible, Sendable {
    /// The `EAI_*` code.
    public let code: Int32
    public let message: String
    public let host: String
    public var description: String { "GetAddrInfoError: [\(code)] \(message) (\(host))" }
}

extension OSError {
    /// ECONNRESET: the peer reset the connection. asyncio: `ConnectionResetError`.
    public var isConnectionReset: Bool { errno == ECONNRESET }
    /// ECONNREFUSED: nothing listens there. asyncio: `ConnectionRefusedError`.
    public var isConnectionRefused: Bool { errno == ECONNREFUSED }
    /// EPIPE: writing after the peer closed. asyncio: `BrokenPipeError`.
    public var isBrokenPipe: Bool { errno == EPIPE }
    /// EMFILE/ENFILE: out of file descriptors.
    public var isOutOfDescriptors: Bool { errno == EMFILE || errno == ENFILE }
}
