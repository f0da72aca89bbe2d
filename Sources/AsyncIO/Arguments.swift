/// The checks every public entry point makes on the numbers and strings it is given, so a
/// bad argument is a clear error (asyncio's message) at the call, never a trap, a
/// truncation or a hang further down. One place, so every door checks the same way.
enum Arguments {
    /// A TCP/UDP port: 0...65535. asyncio: `OverflowError("port must be 0-65535.")`.
    static func port(_ port: Int, _ function: String) throws -> Int {
        guard (0...65535).contains(port) else { throw ValueError("\(function)(): port must be 0-65535.") }
        return port
    }

    /// A host name or address, or a Unix socket path: no NUL byte (C would cut the string
    /// there and use what comes before). asyncio: `ValueError("embedded null character")`.
    static func cString(_ s: String) throws -> String {
        guard !s.utf8.contains(0) else { throw ValueError("embedded null character") }
        return s
    }

    /// A listen backlog: negative means 0 (as `listen(2)` takes it); above `Int32.max`
    /// is asyncio's `OverflowError`. The kernel caps it at `somaxconn` in any case.
    static func backlog(_ backlog: Int) throws -> Int32 {
        guard backlog <= Int(Int32.max) else {
            throw ValueError("backlog is greater than the maximum \(Int32.max)")
        }
        return Int32(max(0, backlog))
    }

    /// A stream reader's buffer limit. asyncio: `ValueError("Limit cannot be <= 0")`.
    static func streamLimit(_ limit: Int) throws -> Int {
        guard limit > 0 else { throw ValueError("Limit cannot be <= 0") }
        return limit
    }
}
