/// The loop a synchronization primitive belongs to: the running loop at its first
/// suspension, as asyncio's `_LoopBoundMixin._get_loop`. A primitive can therefore be made
/// anywhere (a global, a thread with no loop) and is bound only once a task waits on it.
/// Loop thread only.
struct LoopBinding {
    private(set) var loop: EventLoop?

    init() {}

    /// The running loop, binding to it on first use.
    ///
    /// - Throws: `NoRunningLoopError` outside a running loop; `LoopStateError` if the
    ///   primitive is already bound to another loop (asyncio: "… is bound to a different
    ///   event loop").
    mutating func get(_ owner: @autoclosure () -> String) throws -> EventLoop {
        guard let running = EventLoop.current, running.isRunning else { throw NoRunningLoopError() }
        if let loop {
            if loop !== running { throw LoopStateError("\(owner()) is bound to a different event loop") }
        } else {
            loop = running
        }
        return running
    }

    /// In debug mode, logs a call made off the bound loop's thread.
    func checkThread(_ what: @autoclosure () -> String) {
        loop?.checkThread(what())
    }
}
