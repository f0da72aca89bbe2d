/// A stack of exits run in reverse order when it closes: for a number of context managers
/// known only at run time.
///
/// Usage:
/// ```swift
/// try await AsyncIO.withExitStack { stack in
///     let conns = try await servers.asyncMap { try await stack.enterContext(Connection(to: $0)) }
///     stack.pushCallback { print("all closed") }
///     try await use(conns)
/// }
/// ```
///
/// asyncio: `contextlib.AsyncExitStack`. Each exit sees the error pending at that point
/// (the block's, or one a later exit threw); an exit that throws replaces it.
public final class AsyncExitStack {
    private var exits: [((any Error)?) async throws -> Void] = []

    public init() {}

    /// Enters `manager` and pushes its exit. asyncio: `enter_async_context`.
    nonisolated(nonsending) public func enterContext<M: AsyncContextManager>(_ manager: M) async throws -> M.Resource {
        let resource = try await manager.enter()
        exits.append { error in try await manager.exit(error: error) }
        return resource
    }

    /// Pushes an exit that sees the pending error. asyncio: `push_async_exit`.
    public func push(exit: @escaping ((any Error)?) async throws -> Void) {
        exits.append(exit)
    }

    /// Pushes a callback run on close whatever happened. asyncio: `push_async_callback`.
    public func pushCallback(_ callback: @escaping () async throws -> Void) {
        exits.append { _ in try await callback() }
    }

    /// Number of exits not yet run.
    public var count: Int { exits.count }

    /// Runs the exits, last pushed first. asyncio: `aclose()`.
    /// - Throws: the last error pending after every exit ran (the block's or an exit's).
    nonisolated(nonsending) public func close(error: (any Error)? = nil) async throws {
        var pending = error
        while let exit = exits.popLast() {
            do {
                try await exit(pending)
            } catch {
                pending = error
            }
        }
        if let pending { throw pending }
    }
}

/// Runs `body` with an `AsyncExitStack` and closes it on the way out, whatever happens.
///
/// Usage: `try await AsyncIO.withExitStack { stack in … }`
nonisolated(nonsending) public func withExitStack<R>(_ body: (AsyncExitStack) async throws -> R) async throws -> R {
    let stack = AsyncExitStack()
    let result: R
    do {
        result = try await body(stack)
    } catch {
        try await stack.close(error: error)
        throw error
    }
    try await stack.close()
    return result
}
