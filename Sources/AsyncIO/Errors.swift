/// The operation is not allowed in the object's current state (a result read before it is
/// set, a result set twice).
///
/// asyncio: `asyncio.InvalidStateError`.
public struct InvalidStateError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "InvalidStateError: \(message)" }
}

/// An argument has the right type but a value the call cannot accept (an empty set of
/// tasks to wait for, a limit of zero).
///
/// Usage: `do { _ = try await AsyncIO.wait([Task]()) } catch let e as ValueError { print(e.message) }`
///
/// asyncio: `ValueError`, with asyncio's message.
public struct ValueError: Error, CustomStringConvertible, Sendable, Equatable {
    /// asyncio's message.
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "ValueError: \(message)" }
}

/// A deadline passed.
///
/// asyncio: `TimeoutError` (raised by `wait_for` and `timeout`).
public struct TimeoutError: Error, CustomStringConvertible, Sendable, Equatable {
    public init() {}
    public var description: String { "TimeoutError" }
}

/// Ctrl-C (SIGINT) stopped `AsyncIO.run`: the main task was cancelled, its cleanup ran,
/// the leftover tasks were cancelled and awaited.
///
/// Usage: `do { try AsyncIO.run { try await serve() } } catch is KeyboardInterrupt { exit(130) }`
///
/// asyncio: the `KeyboardInterrupt` that `asyncio.run` raises after Ctrl-C (3.11+).
public struct KeyboardInterrupt: Error, CustomStringConvertible, Sendable, Equatable {
    public init() {}
    public var description: String { "KeyboardInterrupt" }
}

/// No event loop is running on this thread.
///
/// asyncio: the `RuntimeError("no running event loop")` of `get_running_loop()`.
public struct NoRunningLoopError: Error, CustomStringConvertible, Sendable {
    public init() {}
    public var description: String { "NoRunningLoopError: no running event loop" }
}

/// A loop was used in a way its state forbids: run while running, run nested inside a
/// running loop, used after close.
///
/// asyncio: the `RuntimeError`s of `asyncio.run` and the loop methods.
public struct LoopStateError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { "LoopStateError: \(message)" }
}

/// On a virtual clock, the loop found nothing that could ever run again: no ready job, no
/// timer, no I/O, no cross-thread work. Instead of hanging, the run fails naming the
/// tasks still waiting.
public struct DeadlockError: Error, CustomStringConvertible, Sendable {
    /// Descriptions of the tasks still pending.
    public let pendingTasks: [String]
    public init(pendingTasks: [String]) { self.pendingTasks = pendingTasks }
    public var description: String {
        "DeadlockError: nothing can run and no timer is pending; waiting tasks: "
            + (pendingTasks.isEmpty ? "(none)" : pendingTasks.joined(separator: ", "))
    }
}

/// Several errors at once, from the children of a task group.
///
/// asyncio: `ExceptionGroup` / `BaseExceptionGroup`.
public struct ExceptionGroup: Error, CustomStringConvertible, @unchecked Sendable {
    // @unchecked Sendable: the errors are produced on the loop thread and read by the task
    // that awaited the group, on the same thread.
    public let message: String
    /// The errors, in the order they happened.
    public let errors: [any Error]
    public init(_ message: String, _ errors: [any Error]) {
        self.message = message
        self.errors = errors
    }
    public var description: String {
        "ExceptionGroup: \(message) (\(errors.count) sub-exception\(errors.count == 1 ? "" : "s"))"
            + errors.map { "\n  - \($0)" }.joined()
    }
}
