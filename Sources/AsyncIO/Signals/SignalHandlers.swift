#if canImport(Glibc)
import Glibc
#endif

/// A loop's signal handlers: one pipe the loop watches, a sigaction handler per signal
/// that writes the signal's number into it, and the callbacks to run on the loop thread.
///
/// Signals are process-wide: the loop that added a handler for a signal last receives it
/// (asyncio allows handlers only on the main thread's loop). Loop thread only.
final class SignalHandlers {
    private unowned let loop: EventLoop
    private let pipe: (read: Int32, write: Int32)
    private var handlers: [Int32: () -> Void] = [:]

    init(loop: EventLoop) throws {
        self.loop = loop
        pipe = try SignalRouting.pipe()
        do {
            try loop.selector.register(fd: pipe.read, interest: .readable, loopInternal: true) { [unowned self] _ in
                self.deliver()
            }
        } catch {
            Posix.close(pipe.read)
            Posix.close(pipe.write)
            throw error
        }
    }

    var isEmpty: Bool { handlers.isEmpty }

    func add(_ signal: Int32, _ handler: @escaping () -> Void) throws {
        guard SignalRouting.isCatchable(signal) else {
            throw ValueError(signal == SIGKILL || signal == SIGSTOP
                ? "sig \(signal) cannot be caught" : "sig \(signal) out of range(1, \(NSIG))")
        }
        try SignalRouting.route(signal, to: pipe.write)
        handlers[signal] = handler
    }

    func remove(_ signal: Int32) -> Bool {
        guard handlers.removeValue(forKey: signal) != nil else { return false }
        SignalRouting.unroute(signal)
        return true
    }

    /// The pipe is readable: run the handler of each signal that arrived, in order, each
    /// as its own callback (asyncio: `_handle_signal` → `call_soon`).
    private func deliver() {
        for signal in SignalRouting.drain(pipe.read) {
            if let h = handlers[signal] { loop.scheduleSoon(h) }
        }
    }

    /// Removes every handler (their signals get their previous actions back) and closes
    /// the pipe.
    func close() {
        for signal in handlers.keys { SignalRouting.unroute(signal) }
        handlers = [:]
        try? loop.selector.unregister(fd: pipe.read)
        Posix.close(pipe.read)
        Posix.close(pipe.write)
    }
}

extension EventLoop {
    /// Runs `handler` on the loop thread whenever the process receives `signal`, until
    /// `removeSignalHandler(signal)` or `close()`. A second call for the same signal
    /// replaces the handler. The signal's previous action comes back when it is removed.
    ///
    /// Usage: `try loop.addSignalHandler(SIGTERM) { server.close() }` — asyncio:
    /// `loop.add_signal_handler(sig, callback)`.
    /// - Throws: `ValueError` for a signal that cannot be caught (`SIGKILL`, `SIGSTOP`,
    ///   out of range); `LoopStateError` if the loop is closed; `OSError` from sigaction.
    public func addSignalHandler(_ signal: Int32, _ handler: @escaping () -> Void) throws {
        checkThread("addSignalHandler")
        if isClosed { throw LoopStateError("Event loop is closed") }
        if signalHandlers == nil { signalHandlers = try SignalHandlers(loop: self) }
        try signalHandlers?.add(signal, handler)
    }

    /// Removes the handler of `signal` and puts back the signal's previous action.
    ///
    /// Usage: `loop.removeSignalHandler(SIGTERM)` — asyncio: `loop.remove_signal_handler`.
    /// - Returns: false if there was none.
    @discardableResult
    public func removeSignalHandler(_ signal: Int32) -> Bool {
        checkThread("removeSignalHandler")
        return signalHandlers?.remove(signal) ?? false
    }
}
