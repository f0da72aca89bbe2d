#if canImport(Glibc)
import Glibc
#endif

/// An IPv4, IPv6 or Unix-domain socket address.
///
/// Usage: `print(writer.peerAddress)  // 127.0.0.1:52814`
public struct SocketAddress: Sendable, Equatable, CustomStringConvertible {
    /// The address family.
    public enum Family: Sendable { case ipv4, ipv6, unix }

    // @unchecked-free: sockaddr_storage is a plain C struct of bytes.
    var storage: sockaddr_storage
    var length: socklen_t

    init(storage: sockaddr_storage, length: socklen_t) {
        self.storage = storage
        self.length = length
    }

    /// A numeric IPv4 or IPv6 address (no name lookup); nil if `host` is not numeric
    /// (or holds a NUL byte) or `port` is outside 0...65535.
    public init?(ip host: String, port: Int) {
        guard (0...65535).contains(port), !host.utf8.contains(0) else { return nil }
        guard let (st, n) = Socket.inetAddress(host: host, port: port) else { return nil }
        self.init(storage: st, length: n)
    }

    /// A Unix-domain address; nil if the path is too long for `sun_path` (107 bytes) or
    /// holds a NUL byte.
    public init?(unixPath path: String) {
        guard !path.utf8.contains(0) else { return nil }
        guard let (st, n) = Socket.unixAddress(path: path) else { return nil }
        self.init(storage: st, length: n)
    }

    public var family: Family {
        switch Int32(storage.ss_family) {
        case AF_INET: return .ipv4
        case AF_INET6: return .ipv6
        default: return .unix
        }
    }

    var domain: Int32 { Int32(storage.ss_family) }

    /// The numeric host of an IP address, nil for Unix addresses.
    public var host: String? {
        guard family != .unix else { return nil }
        return withParts { h, _ in h }
    }

    /// The port of an IP address, nil for Unix addresses.
    public var port: Int? {
        guard family != .unix else { return nil }
        return withParts { _, p in p }
    }

    /// The path of a Unix address ("" for an unnamed socket), nil for IP addresses.
    public var path: String? {
        guard family == .unix else { return nil }
        return Socket.unixPath(storage, length)
    }

    private func withParts<R>(_ body: (String, Int) -> R) -> R {
        let (host, port) = Socket.inetParts(storage)
        return body(host, port)
    }

    public var description: String {
        switch family {
        case .ipv4: return "\(host ?? "?"):\(port ?? 0)"
        case .ipv6: return "[\(host ?? "?")]:\(port ?? 0)"
        case .unix: return path ?? ""
        }
    }

    public static func == (a: SocketAddress, b: SocketAddress) -> Bool {
        a.description == b.description && a.family == b.family
    }
}
