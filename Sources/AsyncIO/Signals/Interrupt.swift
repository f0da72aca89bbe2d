#if canImport(Glibc)
import Glibc
#endif

/// What `AsyncIO.run` does with Ctrl-C, as `asyncio.run` does (3.11+): the first SIGINT
/// cancels the main task, whose cleanup then runs, and `run` throws `KeyboardInterrupt`;
/// a second SIGINT ends the process at once, as SIGINT's default action does. Installed
/// only on the main thread and only while SIGINT has its default action, so a program
/// that handles SIGINT itself keeps its own handling. Loop thread only.
final class Interrupt {
    private let loop: EventLoop
    private var count = 0

    private init(loop: EventLoop) { self.loop = loop }

    /// Routes SIGINT to cancelling `main`; nil when Ctrl-C is not `run`'s to handle.
    static func install(loop: EventLoop, main: AnyLoopTask) -> Interrupt? {
        guard CAsyncIOIsMainThread(), SignalRouting.isDefault(SIGINT) else { return nil }
        let interrupt = Interrupt(loop: loop)
        do {
            try loop.addSignalHandler(SIGINT) { [unowned interrupt, unowned main] in
                interrupt.count += 1
                if interrupt.count == 1 && !main.isDone {
                    main.cancel()
                } else {
                    SignalRouting.raiseDefault(SIGINT)
                }
            }
        } catch {
            return nil  // no pipe or no sigaction: Ctrl-C keeps its default action
        }
        return interrupt
    }

    /// Whether Ctrl-C cancelled the main task (asyncio: `_interrupt_count > 0`).
    var interrupted: Bool { count > 0 }

    /// Gives SIGINT its default action back.
    func uninstall() {
        loop.removeSignalHandler(SIGINT)
    }
}
