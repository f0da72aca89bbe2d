/// A deadline for a block of code, which can be moved while the block runs.
///
/// Usage:
/// ```swift
/// try await AsyncIO.timeout(10) { scope in
///     try await longJob()
///     scope.reschedule(scope.when.map { $0 + 5 })  // a bit more time
/// }
/// ```
///
/// asyncio: `asyncio.Timeout` (from `asyncio.timeout()`). When the deadline passes, the
/// task running the block is cancelled; the block's `CancellationError` becomes
/// `TimeoutError` at the scope's edge. Only the scope's own cancellation is converted:
/// a cancellation from outside (or an outer timeout's) still comes out as
/// `CancellationError`, and nested scopes each report their own expiry.
public final class TimeoutScope: CustomStringConvertible, @unchecked Sendable {
    // @unchecked Sendable: loop thread only, like asyncio's Timeout.

    /// The scope's states (asyncio's `timeouts._State`, with its names).
    enum State: String {
        case created, active, expiring, expired, finished
    }

    private(set) var state: State = .created
    let loop: EventLoop
    private var task: AnyLoopTask?
    private var cancellingAtEntry = 0
    /// Whether the Swift task was already cancelled (the Swift way) when the scope began.
    private var swiftCancelledAtEntry = false
    private var handle: Handle?
    /// Whether the expiry found the task in an await the library does not own (then
    /// interrupted the Swift way, which may end in that library's own error).
    private var interruptedForeignAwait = false
    /// The deadline in loop time (`loop.time()`), nil for none.
    public private(set) var when: Double?

    init(loop: EventLoop, when: Double?) {
        self.loop = loop
        self.when = when
    }

    /// Whether the deadline passed and the scope cancelled its block. asyncio: `expired()`.
    public var expired: Bool { state == .expiring || state == .expired }

    /// Moves the deadline (loop time), or removes it with nil. asyncio: `reschedule()`.
    /// Ignored once the scope has expired or exited.
    public func reschedule(_ newWhen: Double?) {
        guard state == .active else { return }
        when = newWhen
        handle?.cancel()
        handle = nil
        guard let newWhen else { return }
        if newWhen <= loop.time() {
            handle = loop.scheduleSoon { [weak self] in self?.onTimeout() }
        } else {
            handle = loop.scheduleAt(newWhen) { [weak self] in self?.onTimeout() }
        }
    }

    @discardableResult
    func enter() throws -> AnyLoopTask {
        guard state == .created else { throw LoopStateError("Timeout has already been entered") }
        guard let t = loop.ensureRecord() else {
            throw LoopStateError("Timeout should be used inside a task")
        }
        state = .active
        task = t
        cancellingAtEntry = t.cancelling()
        swiftCancelledAtEntry = Task.isCancelled
        reschedule(when)
        return t
    }

    private func onTimeout() {
        guard state == .active, let task else { return }
        interruptedForeignAwait = task.requestCancel() == .foreignAwait
        state = .expiring
        handle = nil
    }

    /// Leaves the scope; returns the error to throw in place of `error`.
    func exit(error: (any Error)?) -> (any Error)? {
        handle?.cancel()
        handle = nil
        defer {
            if let task { loop.releaseRecord(task) }
            task = nil
        }
        switch state {
        case .expiring:
            state = .expired
            guard let task else { return error }
            let left = task.uncancel()
            let cancelled = error is CancellationError || (interruptedForeignAwait && error != nil)
            // A Swift cancellation that came during the scope (a cancelled parent) is an
            // outer cancellation too; one from before (sticky) says nothing about this scope.
            let swiftCancelledMeanwhile = Task.isCancelled && !swiftCancelledAtEntry
            if left <= cancellingAtEntry, cancelled, !swiftCancelledMeanwhile {
                return TimeoutError()
            }
            return error
        case .active:
            state = .finished
            return error
        case .created, .expired, .finished:
            return error
        }
    }

    /// asyncio's repr: `<Timeout [active] when=12.345>`; `when=` only while active.
    public var description: String {
        guard state == .active else { return "<Timeout [\(state.rawValue)]>" }
        let shown = when.map { "\(($0 * 1000).rounded() / 1000)" } ?? "None"
        return "<Timeout [active] when=\(shown)>"
    }
}

/// Runs `body` with a deadline `delay` seconds from now (nil: none, movable with
/// `scope.reschedule`).
///
/// Usage: `try await AsyncIO.timeout(1.5) { _ in try await fetch() }`
///
/// asyncio: `async with asyncio.timeout(delay) as scope:`.
/// - Throws: `TimeoutError` if the deadline passed and the block ended by the scope's
///   cancellation; whatever else the block throws.
nonisolated(nonsending) public func timeout<R>(_ delay: Double?, _ body: (TimeoutScope) async throws -> R) async throws -> R {
    let loop = try runningLoop()
    return try await timeoutAt(delay.map { loop.time() + $0 }, body)
}

/// Runs `body` with a deadline `delay` from now.
nonisolated(nonsending) public func timeout<R>(_ delay: Duration, _ body: (TimeoutScope) async throws -> R) async throws -> R {
    try await timeout(delay.asSeconds, body)
}

/// Runs `body` with a deadline at loop time `when` (see `EventLoop.time()`).
///
/// asyncio: `async with asyncio.timeout_at(when) as scope:`.
nonisolated(nonsending) public func timeoutAt<R>(_ when: Double?, _ body: (TimeoutScope) async throws -> R) async throws -> R {
    let loop = try runningLoop()
    let scope = TimeoutScope(loop: loop, when: when)
    let record = try scope.enter()
    let result: R
    do {
        // A cancel scope, so the deadline interrupts any await, the library's or not.
        result = try await CancelScope.run(record) { try await body(scope) }
    } catch {
        throw scope.exit(error: error) ?? error
    }
    if let e = scope.exit(error: nil) { throw e }
    return result
}

/// Runs `body`, giving up after `timeout` seconds.
///
/// Usage: `let v = try await AsyncIO.waitFor(timeout: 2) { try await slow() }`
///
/// asyncio: `asyncio.wait_for(aw, timeout)` (3.12 semantics: the body runs in the calling
/// task, cancelled at the deadline). - Throws: `TimeoutError`.
nonisolated(nonsending) public func waitFor<R>(timeout seconds: Double?, _ body: () async throws -> R) async throws -> R {
    try await timeout(seconds) { _ in try await body() }
}
