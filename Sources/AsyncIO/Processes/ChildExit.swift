#if canImport(Glibc)
import Glibc
#endif

/// Learns when a child exits and reaps it: through a pidfd on the loop's selector (Linux
/// 5.3+), else through SIGCHLD (every child of the loop is checked on each SIGCHLD).
/// Either way the child is reaped by the loop — no zombie is left while the loop runs.
enum ChildExit {
    /// Calls `onExit` with the child's returncode on the loop thread once `pid` ends.
    /// Returns the pidfd it watches (nil on the SIGCHLD path), for `stopWatching`.
    static func watch(_ pid: Int32, on loop: EventLoop, _ onExit: @escaping (Int32) -> Void) throws -> Int32? {
        if let pidfd = try ChildProcess.exitDescriptor(pid) {
            do {
                try loop.selector.register(fd: pidfd, interest: .readable) { [unowned loop] _ in
                    // Readable means exited: the reap cannot find it running.
                    guard let code = ChildProcess.reap(pid) else { return }
                    try? loop.selector.unregister(fd: pidfd)
                    Posix.close(pidfd)
                    onExit(code)
                }
            } catch {
                Posix.close(pidfd)
                throw error
            }
            return pidfd
        }
        try SigchldFallback.watch(pid, on: loop, onExit)
        return nil
    }

    /// Stops watching (the loop is closing with the child still running).
    static func stopWatching(pidfd: Int32?, on loop: EventLoop) {
        guard let pidfd else { return }
        try? loop.selector.unregister(fd: pidfd)
        Posix.close(pidfd)
    }
}

/// The SIGCHLD path, for kernels without pidfd: one handler per loop reaps the loop's
/// children that have ended.
private enum SigchldFallback {
    /// A loop's children waiting for SIGCHLD.
    final class Children: @unchecked Sendable {
        // @unchecked Sendable: used on its loop's thread only; the table of tables that
        // holds it is behind a lock, since several loops may run children.
        var byPid: [Int32: (Int32) -> Void] = [:]
    }

    private static let tables = Locked<[ObjectIdentifier: Children]>([:])

    static func watch(_ pid: Int32, on loop: EventLoop, _ onExit: @escaping (Int32) -> Void) throws {
        let key = ObjectIdentifier(loop)
        let (children, first) = tables.withLock { all -> (Children, Bool) in
            if let c = all[key] { return (c, false) }
            let c = Children()
            all[key] = c
            return (c, true)
        }
        children.byPid[pid] = onExit
        if first {
            try loop.addSignalHandler(SIGCHLD) { [unowned loop] in reapEnded(loop, children) }
        }
        reapEnded(loop, children)  // it may have ended already
    }

    private static func reapEnded(_ loop: EventLoop, _ children: Children) {
        for (pid, onExit) in children.byPid {
            guard let code = ChildProcess.reap(pid) else { continue }
            children.byPid[pid] = nil
            onExit(code)
        }
        if children.byPid.isEmpty {
            _ = tables.withLock { $0.removeValue(forKey: ObjectIdentifier(loop)) }
            loop.removeSignalHandler(SIGCHLD)
        }
    }
}
