/// A resource with asynchronous set-up and tear-down: Python's `__aenter__`/`__aexit__`.
///
/// Usage:
/// ```swift
/// struct Connection: AsyncContextManager {
///     func enter() async throws -> Connection { try await open(); return self }
///     func exit(error: (any Error)?) async throws { try await close() }
/// }
/// try await AsyncIO.with(Connection()) { conn in try await conn.send("hi") }
/// ```
public protocol AsyncContextManager {
    /// What the block receives (often the manager itself).
    associatedtype Resource
    /// Sets the resource up. asyncio: `__aenter__`.
    nonisolated(nonsending) func enter() async throws -> Resource
    /// Tears it down; `error` is what the block threw, nil if it returned. asyncio:
    /// `__aexit__`. An error thrown here replaces the block's. (Python's `__aexit__` may
    /// also swallow the block's exception by returning true; here the block's error always
    /// propagates.)
    nonisolated(nonsending) func exit(error: (any Error)?) async throws
}

/// Enters `manager`, runs `body` with its resource, and always exits it, telling it the
/// block's error if there was one.
///
/// Usage: `try await AsyncIO.with(resource) { r in try await use(r) }`
///
/// asyncio: `async with manager as r:`.
/// - Throws: `enter`'s error (then `exit` is not called, as in Python); the block's error
///   after `exit` ran; `exit`'s own error.
nonisolated(nonsending) public func with<M: AsyncContextManager, R>(
    _ manager: M, _ body: nonisolated(nonsending) (M.Resource) async throws -> R
) async throws -> R {
    let resource = try await manager.enter()
    let result: R
    do {
        result = try await body(resource)
    } catch {
        try await manager.exit(error: error)
        throw error
    }
    try await manager.exit(error: nil)
    return result
}
