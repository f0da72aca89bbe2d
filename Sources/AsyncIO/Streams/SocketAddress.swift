import CAsyncIOShims
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
        var st = sockaddr_storage()
        let n = CAsyncIO_make_inet_addr(host, Int32(port), &st)
        guard n > 0 else { return nil }
        self.init(storage: st, length: socklen_t(n))
    }

    /// A Unix-domain address; nil if the path is too long for `sun_path` (107 bytes) or
    /// holds a NUL byte.
    public init?(unixPath path: String) {
        guard !path.utf8.contains(0) else { return nil }
        var st = sockaddr_storage()
        let n = CAsyncIO_make_unix_addr(path, &st)
        guard n > 0 else { return nil }
        self.init(storage: st, length: socklen_t(n))
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
        var st = storage
        var buf = [CChar](repeating: 0, count: 110)
        CAsyncIO_unix_addr_path(&st, length, &buf, 110)
        return String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private func withParts<R>(_ body: (String, Int) -> R) -> R {
        var st = storage
        var buf = [CChar](repeating: 0, count: 64)
        let port = CAsyncIO_inet_addr_parts(&st, &buf, 64)
        let host = String(decoding: buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return body(host, Int(port))
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
