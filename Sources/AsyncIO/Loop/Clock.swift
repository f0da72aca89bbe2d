import Synchronization

/// Which clock a loop reads its time from.
///
/// Usage: `try AsyncIO.run(clock: .virtual) { try await AsyncIO.sleep(3600) }` returns at once.
public struct LoopClock: Sendable {
    /// The virtual clock, or nil for the monotonic clock.
    public let virtualClock: VirtualClock?

    /// `CLOCK_MONOTONIC`, in seconds: the default, as `time.monotonic()` in asyncio.
    public static var monotonic: LoopClock { LoopClock(virtualClock: nil) }

    /// A fresh virtual clock starting at 0 that jumps to the next timer whenever the loop is idle.
    public static var virtual: LoopClock { LoopClock(virtualClock: VirtualClock()) }

    /// A virtual clock you hold, to advance it by hand or set its autojump threshold.
    public static func virtual(_ clock: VirtualClock) -> LoopClock { LoopClock(virtualClock: clock) }
}

/// Virtual time for deterministic, instant tests of timing code (trio's `MockClock`,
/// Tokio's `time::pause`).
///
/// The loop's `time()` reads `now`, which starts at 0 and moves only when the clock is
/// advanced: by hand with `advance(by:)`, or by the loop itself (autojump) when no job is
/// ready, no cross-thread work is in flight and nothing arrived for `autojumpThreshold` real
/// seconds: then `now` jumps straight to the earliest timer's deadline.
///
/// Usage:
/// ```swift
/// let clock = VirtualClock()
/// try AsyncIO.run(clock: .virtual(clock)) { try await AsyncIO.sleep(3600) }  // instant
/// ```
public final class VirtualClock: Sendable {
    private struct State {
        var now: Double = 0
        var autojumpThreshold: Double
        var autojump: Bool
        var wake: (@Sendable () -> Void)?
    }
    private let state: Locked<State>

    /// - Parameters:
    ///   - autojumpThreshold: real seconds of idleness before the clock jumps (0: at once).
    ///     Raise it for code that also waits on real I/O or on threads.
    ///   - autojump: false to move time only with `advance(by:)`.
    public init(autojumpThreshold: Double = 0, autojump: Bool = true) {
        state = Locked(State(autojumpThreshold: autojumpThreshold, autojump: autojump))
    }

    /// Virtual seconds since the clock started.
    public var now: Double { state.withLock { $0.now } }

    /// Real seconds the loop must be idle before the clock jumps to the next timer.
    public var autojumpThreshold: Double {
        get { state.withLock { $0.autojumpThreshold } }
        set { state.withLock { $0.autojumpThreshold = newValue } }
    }

    /// Whether the loop may move the clock by itself.
    public var autojump: Bool {
        get { state.withLock { $0.autojump } }
        set { state.withLock { $0.autojump = newValue } }
    }

    /// Moves virtual time forward by `seconds` (negative, NaN and infinite values are
    /// ignored: time stays a finite number) and wakes the loop so that timers now due
    /// fire. Safe from any thread.
    public func advance(by seconds: Double) {
        let wake = state.withLock { st -> (@Sendable () -> Void)? in
            if seconds > 0, seconds.isFinite, (st.now + seconds).isFinite { st.now += seconds }
            return st.wake
        }
        wake?()
    }

    /// Moves virtual time forward by `duration`.
    public func advance(by duration: Duration) {
        advance(by: duration.asSeconds)
    }

    func jump(to deadline: Double) {
        state.withLock { if deadline > $0.now { $0.now = deadline } }
    }

    func attach(wake: @escaping @Sendable () -> Void) {
        state.withLock { $0.wake = wake }
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var asSeconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
