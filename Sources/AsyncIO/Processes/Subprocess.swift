#if canImport(Glibc)
import Glibc
#endif

/// A child process started by `AsyncIO.createSubprocessExec` or `createSubprocessShell`,
/// with its pipes as streams.
///
/// Usage:
/// ```swift
/// let p = try await AsyncIO.createSubprocessExec("ls", ["-l"], stdout: .pipe)
/// let (out, _) = try await p.communicate()
/// print(p.returnCode ?? -1)
/// ```
///
/// asyncio: `asyncio.subprocess.Process`. The child is reaped by the loop when it ends
/// (through a pidfd, or SIGCHLD on old kernels): no zombie is left while the loop runs.
/// Cancelling `wait` or `communicate` does not kill the child, as in asyncio. Loop
/// thread only.
public final class Subprocess: CustomStringConvertible, @unchecked Sendable {
    // @unchecked Sendable: state touched only on the loop's thread, like asyncio's Process.

    /// The child's process id.
    public let pid: Int32
    /// The child's stdin, when it is `.pipe`.
    public let stdin: StreamWriter?
    /// The child's stdout, when it is `.pipe`.
    public let stdout: StreamReader?
    /// The child's stderr, when it is `.pipe`.
    public let stderr: StreamReader?
    /// The exit status once the child has ended; a negative signal number when a signal
    /// killed it; nil while it runs. asyncio: `returncode`.
    public private(set) var returnCode: Int32?

    private let loop: EventLoop
    private var exitWaiters = WaiterQueue<Int32>()
    private var pidfd: Int32?

    init(loop: EventLoop, pid: Int32, stdin: StreamWriter?, stdout: StreamReader?, stderr: StreamReader?) {
        self.loop = loop
        self.pid = pid
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
    }

    /// Starts watching for the child's exit (called once, right after the spawn).
    func watchExit() throws {
        pidfd = try ChildExit.watch(pid, on: loop) { [self] code in exited(code) }
    }

    private func exited(_ code: Int32) {
        pidfd = nil
        returnCode = code
        for w in exitWaiters.removeAll() { w.resume(.success(code)) }
    }

    /// Waits for the child to end and returns its returncode (at once if it has ended).
    ///
    /// Usage: `let code = try await p.wait()` — asyncio: `await proc.wait()`.
    /// - Throws: `CancellationError` (the child keeps running, as in asyncio).
    /// - Note: with `stdout: .pipe` or `stderr: .pipe`, read them (or use `communicate`):
    ///   a child that fills a pipe nobody reads blocks forever, as in asyncio.
    public func wait() async throws -> Int32 {
        if let returnCode { return returnCode }
        return try await loop.suspend(
            onCancel: { [self] w in
                exitWaiters.remove(w)
                w.resume(.failure(CancellationError()))
            },
            target: .subprocess(.of(self)),
            register: { [self] (w: Waiter<Int32>) in
                if let returnCode { w.resume(.success(returnCode)) } else { exitWaiters.append(w) }
            })
    }

    /// Sends `input` to stdin (then closes it), reads stdout and stderr to their ends, all
    /// at once so a large output never deadlocks, then waits for the child to end.
    ///
    /// Usage: `let (out, err) = try await p.communicate(input: Array("data".utf8))` —
    /// asyncio: `await proc.communicate(input)`.
    /// - Returns: what stdout and stderr gave (nil for a stream that is not `.pipe`).
    /// - Throws: `CancellationError` (the child keeps running); the streams' errors. A
    ///   child that exits without reading all its input is not an error (asyncio ignores
    ///   the broken pipe too).
    public func communicate(input: [UInt8]? = nil) async throws -> (stdout: [UInt8]?, stderr: [UInt8]?) {
        let feed = AsyncIO.createTask { [stdin] () -> Void in
            guard let stdin else { return }
            if let input, !input.isEmpty {
                stdin.write(input)
                do {
                    try await stdin.drain()
                } catch let e as OSError where e.isBrokenPipe || e.isConnectionReset {
                    // The child stopped reading: what it did not take is dropped.
                } catch is ConnectionLostError {}
            }
            stdin.close()
        }
        let readOut = AsyncIO.createTask { [stdout] () -> [UInt8]? in try await stdout?.read() }
        let readErr = AsyncIO.createTask { [stderr] () -> [UInt8]? in try await stderr?.read() }
        do {
            try await feed.value
            let out = try await readOut.value
            let err = try await readErr.value
            _ = try await wait()
            return (out, err)
        } catch {
            // Cancelled (or a stream failed): stop the helpers, leave the child alone.
            feed.cancel()
            readOut.cancel()
            readErr.cancel()
            throw error
        }
    }

    /// Sends `signal` to the child. asyncio: `send_signal`.
    ///
    /// Usage: `try p.sendSignal(SIGHUP)`
    /// - Throws: `ProcessLookupError` once the child has ended (asyncio's
    ///   `ProcessLookupError`); `OSError`.
    public func sendSignal(_ signal: Int32) throws {
        // Until it is reaped the pid cannot be reused, so the signal reaches this child.
        guard returnCode == nil else { throw ProcessLookupError(pid: pid) }
        try ChildProcess.signal(pid, signal)
    }

    /// Sends SIGTERM. asyncio: `terminate()`.
    public func terminate() throws { try sendSignal(SIGTERM) }

    /// Sends SIGKILL. asyncio: `kill()`.
    public func kill() throws { try sendSignal(SIGKILL) }

    /// asyncio's repr: `<Process 1234>`.
    public var description: String { "<Process \(pid)>" }

    deinit {
        // The loop closed with the child still running: stop watching its descriptor.
        if let pidfd { ChildExit.stopWatching(pidfd: pidfd, on: loop) }
    }
}

/// The process has already ended (and was reaped): there is nothing to signal.
///
/// asyncio: `ProcessLookupError`.
public struct ProcessLookupError: Error, CustomStringConvertible, Sendable {
    /// The process id that no longer names a running child.
    public let pid: Int32
    public var description: String { "ProcessLookupError: process \(pid) has ended" }
}
