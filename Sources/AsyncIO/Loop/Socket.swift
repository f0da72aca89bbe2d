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
            do {
                guard case .done(let c) = try Posix.io("accept4", { Int(CAsyncIO_accept(fd, &st, &len)) }) else {
                    return nil
                }
                return (Int32(c), SocketAddress(storage: st, length: len))
            } catch let e as OSError where e.errno == ECONNABORTED {
                continue  // the peer gave up before we took it: take the next
            }
        }
    }

    /// Reads into `buffer`: the byte count (0 at EOF), or nil when nothing is there.
    @inline(__always)
    static func read(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) throws -> Int? {
        guard case .done(let n) = try Posix.io("read", { Glibc.read(fd, buffer.baseAddress, buffer.count) }) else { return nil }
        return n
    }

    /// Sends what the kernel takes now: the count, or nil when it takes nothing.
    @inline(__always)
    static func send(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws -> Int? {
        guard case .done(let n) = try Posix.io("send", { CAsyncIO_send(fd, buffer.baseAddress, UInt(buffer.count)) }) else { return nil }
        return n
    }

    static func sendTo(_ fd: Int32, _ buffer: UnsafeRawBufferPointer, _ address: SocketAddress?) throws -> Int? {
        let result: IOResult
        if var st = address?.storage {
            let len = address?.length ?? 0
            result = try Posix.io("sendto") { CAsyncIO_sendto(fd, buffer.baseAddress, UInt(buffer.count), &st, len) }
        } else {
            result = try Posix.io("sendto") { CAsyncIO_sendto(fd, buffer.baseAddress, UInt(buffer.count), nil, 0) }
        }
        guard case .done(let n) = result else { return nil }
        return n
    }

    static func receiveFrom(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer) throws -> (Int, SocketAddress)? {
        var st = sockaddr_storage()
        var len = socklen_t(0)
        guard case .done(let n) = try Posix.io("recvfrom", {
            CAsyncIO_recvfrom(fd, buffer.baseAddress, UInt(buffer.count), &st, &len)
        }) else { return nil }
        return (n, SocketAddress(storage: st, length: len))
    }

    /// A numeric IPv4 or IPv6 address, nil if `host` is not numeric.
    static func inetAddress(host: String, port: Int) -> (sockaddr_storage, socklen_t)? {
        var st = sockaddr_storage()
        let n = CAsyncIO_make_inet_addr(host, Int32(truncatingIfNeeded: port), &st)
        return n > 0 ? (st, socklen_t(n)) : nil
    }

    /// A Unix-domain address, nil if the path is too long for `sun_path`.
    static func unixAddress(path: String) -> (sockaddr_storage, socklen_t)? {
        var st = sockaddr_storage()
        let n = CAsyncIO_make_unix_addr(path, &st)
        return n > 0 ? (st, socklen_t(n)) : nil
    }

    /// The path of a Unix address ("" for an unnamed socket).
    static func unixPath(_ storage: sockaddr_storage, _ length: socklen_t) -> String {
        var st = storage
        var buf = [CChar](repeating: 0, count: 110)
        CAsyncIO_unix_addr_path(&st, length, &buf, 110)
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The numeric host and the port of an IP address.
    static func inetParts(_ storage: sockaddr_storage) -> (host: String, port: Int) {
        var st = storage
        var buf = [CChar](repeating: 0, count: 64)
        let port = CAsyncIO_inet_addr_parts(&st, &buf, 64)
        return (String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self), Int(port))
    }

    /// Whether `path` names an existing socket file.
    static func pathIsSocket(_ path: String) -> Bool { CAsyncIO_path_is_socket(path) != 0 }

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
