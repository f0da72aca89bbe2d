/// Debug mode's watch over the run cycle: it times each job and callback, and reports one
/// that holds the loop for `slowCallbackDuration` seconds or more, naming the task a job
/// belongs to. It observes and never reorders: the run cycle runs the same items in the
/// same order with debug mode on or off.
///
/// asyncio: `_run_once` under `_debug`, and its "Executing … took … seconds" warning.
/// Loop thread only (a class, so a job may change the settings while it is observed).
final class DebugObserver {
    /// Reports a job that holds the loop at least this many seconds.
    var slowCallbackDuration = LoopConstants.defaultSlowCallbackDuration
    /// Test hook: told of every slow job reported (task name, seconds).
    var onSlowCallback: ((String?, Double) -> Void)?

    /// An item about to run, as debug mode watches it.
    struct Watch {
        /// The task a job belongs to, when the loop knows it.
        let taskName: String?
        /// The item, as a report names it.
        let what: String
        let start: Double
    }

    /// Called just before the run cycle runs `item`.
    func willRun(_ item: ReadyItem, on loop: EventLoop) -> Watch {
        if !loop.isOnLoopThread {
            loop.logger.critical("BUG IN AsyncIO: the run cycle is running off the loop thread")
        }
        var taskName: String?
        var what = "a callback"
        switch item {
        case .taskJob(let job), .actorJob(let job):
            // A job's pointer is its task's (debug mode registers every library task's).
            taskName = loop.tasks.record(at: unsafeBitCast(job, to: UnsafeRawPointer.self))?.name
            what = taskName.map { "<LoopTask name='\($0)'>" } ?? "a Swift task job"
        case .callback: break
        }
        return Watch(taskName: taskName, what: what, start: Posix.monotonicSeconds())
    }

    /// Called just after the item of `watch` ran: reports it if it was slow.
    func didRun(_ watch: Watch, on loop: EventLoop) {
        let took = Posix.monotonicSeconds() - watch.start
        if took >= slowCallbackDuration {
            loop.logger.warning("Executing \(watch.what) took \(formatSeconds(took)) seconds")
            onSlowCallback?(watch.taskName, took)
        }
    }
}

/// "0.123": seconds with three decimals, without Foundation.
func formatSeconds(_ s: Double) -> String {
    let ms = Int((s * 1000).rounded())
    let frac = ms % 1000
    return "\(ms / 1000)." + String(repeating: "0", count: frac < 10 ? 2 : frac < 100 ? 1 : 0) + "\(frac)"
}
