import CAsyncIOShims
#if canImport(Glibc)
import Glibc
#endif

/// An error from the operating system, with the call that failed.
///
/// asyncio: `OSError`.
public struct OSError: Error, CustomStringConvertible, Sendable {
    /// The `errno` value.
    public let errno: Int32
    /// The system call or library function that failed.
    public let function: String

    public init(errno: Int32, function: String) {
        self.errno = errno
        self.function = function
    }

    public var description: String {
        "OSError: [Errno \(errno)] \(String(cString: strerror(errno))) (\(function))"
    }
}

/// What a non-blocking I/O call did: moved `n` bytes (or items), or would have blocked.
enum IOResult {
    case done(Int)
    case wouldBlock
}

/// The one door to the kernel. Every call retries on EINTR and turns a failure into an
/// `OSError` carrying `errno`, read before anything else can change it.
enum Posix {
    /// A non-blocking I/O call (read, write, send, recv, accept): EINTR is retried, EAGAIN
    /// is `.wouldBlock`, any other failure an `OSError`. EBADF and EFAULT trap: they mean
    /// the library passed a descriptor or buffer it does not own, a bug no caller can cause.
    @inline(__always)
    static func io(_ function: StaticString, _ call: () -> Int) throws -> IOResult {
        while true {
            let n = call()
            if n >= 0 { return .done(n) }
            let err = Glibc.errno
            switch err {
            case EINTR: continue
            case EAGAIN: return .wouldBlock
            case EBADF, EFAULT: fatalError("BUG IN AsyncIO: \(function) on a descriptor or buffer the library does not own (errno \(err))")
            default: throw OSError(errno: err, function: "\(function)")
            }
        }
    }

    @inline(never)
    static func syscall(_ function: String, _ body: () -> Int32) throws -> Int32 {
        while true {
            let result = body()
            if result >= 0 { return result }
            let err = Glibc.errno
            if err == EINTR { continue }
            throw OSError(errno: err, function: function)
        }
    }

    @inline(never)
    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    /// The kernel id of the calling thread.
    static func currentThreadID() -> Int32 { CAsyncIO_gettid() }

    /// CLOCK_MONOTONIC in seconds.
    static func monotonicSeconds() -> Double {
        Double(CAsyncIO_monotonic_ns()) / 1_000_000_000
    }
}

/// epoll, wrapped.
enum Epoll {
    private static let readable = UInt32(CAsyncIO_EPOLLIN)
    private static let writable = UInt32(CAsyncIO_EPOLLOUT)
    private static let error = UInt32(CAsyncIO_EPOLLERR)
    private static let hangup = UInt32(CAsyncIO_EPOLLHUP)

    /// The epoll bits of an interest.
    @inline(__always)
    static func bits(_ interest: IOEvents) -> UInt32 {
        var b: UInt32 = 0
        if interest.contains(.readable) { b |= readable }
        if interest.contains(.writable) { b |= writable }
        return b
    }

    /// The readiness epoll reported.
    @inline(__always)
    static func events(_ bits: UInt32) -> IOEvents {
        var e: IOEvents = []
        if bits & readable != 0 { e.insert(.readable) }
        if bits & writable != 0 { e.insert(.writable) }
        if bits & error != 0 { e.insert(.error) }
        if bits & hangup != 0 { e.insert(.hangup) }
        return e
    }

    static func create() throws -> Int32 {
        try Posix.syscall("epoll_create1") { CAsyncIO_epoll_create() }
    }

    static func add(_ epfd: Int32, fd: Int32, events: UInt32, data: UInt64) throws {
        _ = try Posix.syscall("epoll_ctl(ADD)") { CAsyncIO_epoll_ctl(epfd, EPOLL_CTL_ADD, fd, events, data) }
    }

    static func modify(_ epfd: Int32, fd: Int32, events: UInt32, data: UInt64) throws {
        _ = try Posix.syscall("epoll_ctl(MOD)") { CAsyncIO_epoll_ctl(epfd, EPOLL_CTL_MOD, fd, events, data) }
    }

    static func remove(_ epfd: Int32, fd: Int32) throws {
        _ = try Posix.syscall("epoll_ctl(DEL)") { CAsyncIO_epoll_ctl(epfd, EPOLL_CTL_DEL, fd, 0, 0) }
    }

    /// Waits up to `timeoutNanoseconds` (-1: forever); returns the number of events written.
    @inline(never)
    static func wait(
        _ epfd: Int32, events: UnsafeMutablePointer<UInt32>, datas: UnsafeMutablePointer<UInt64>,
        max: Int32, timeoutNanoseconds: Int64
    ) throws -> Int {
        Int(try Posix.syscall("epoll_pwait2") {
            CAsyncIO_epoll_wait_ns(epfd, events, datas, max, timeoutNanoseconds)
        })
    }
}

/// eventfd, wrapped: the loop's doorbell for other threads.
enum EventFD {
    static func create() throws -> Int32 {
        try Posix.syscall("eventfd") { CAsyncIO_eventfd() }
    }

    /// Rings the doorbell. A full counter (EAGAIN) means it is already ringing.
    static func signal(_ fd: Int32) {
        _ = CAsyncIO_eventfd_signal(fd)
    }

    static func drain(_ fd: Int32) {
        _ = CAsyncIO_eventfd_drain(fd)
    }
}

/// libdispatch's main queue, as CoreFoundation's run loop drives it on Linux.
enum DispatchMainQueue {
    static func fileDescriptor() -> Int32 { CAsyncIO_dispatch_main_queue_fd() }
    /// Reads the queue's eventfd (`fd`), then runs what the queue holds.
    static func drain(_ fd: Int32) { CAsyncIO_dispatch_main_queue_drain(fd) }
}

/// Signal routing, wrapped: a sigaction handler writes the signal number to a pipe the
/// loop reads (asyncio's `set_wakeup_fd` shape).
enum SignalRouting {
    /// A non-blocking, close-on-exec pipe: (read end, write end).
    static func pipe() throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        _ = try Posix.syscall("pipe2") { CAsyncIO_pipe(&fds) }
        return (fds[0], fds[1])
    }

    static func isCatchable(_ signal: Int32) -> Bool { CAsyncIO_signal_is_catchable(signal) != 0 }
    static func isDefault(_ signal: Int32) -> Bool { CAsyncIO_signal_is_default(signal) != 0 }

    /// Routes `signal` to `fd`, saving the previous action the first time.
    static func route(_ signal: Int32, to fd: Int32) throws {
        _ = try Posix.syscall("sigaction(\(signal))") { CAsyncIO_signal_route(signal, fd) }
    }

    /// Puts back the action that was in force before `route`.
    static func unroute(_ signal: Int32) {
        _ = CAsyncIO_signal_unroute(signal)
    }

    /// Ends the process as `signal`'s default action does.
    static func raiseDefault(_ signal: Int32) { CAsyncIO_signal_raise_default(signal) }

    /// Reads what is in the pipe: the signal numbers, in arrival order.
    static func drain(_ fd: Int32) -> [Int32] {
        var out: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let result = try? buffer.withUnsafeMutableBytes { b in try Posix.io("read") { Glibc.read(fd, b.baseAddress, b.count) } }
            guard case .done(let n)? = result, n > 0 else { return out }
            out += buffer[0..<n].map { Int32($0) }
        }
    }
}

/// Pipes, wrapped: the stdio of subprocesses.
enum Pipe {
    /// A pipe for a child's stdio: (read end, write end), both close-on-exec, only the
    /// parent's end non-blocking. `parentReads`: the parent keeps the read end (the
    /// child's stdout or stderr), else the write end (its stdin).
    static func forChild(parentReads: Bool) throws -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        _ = try Posix.syscall("pipe2") { CAsyncIO_pipe_for_child(&fds, parentReads ? 0 : 1) }
        return (fds[0], fds[1])
    }

    /// Writes what the pipe takes now: the count, or nil when it is full. A pipe whose
    /// reader is gone gives `OSError` EPIPE, never SIGPIPE.
    @inline(__always)
    static func write(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) throws -> Int? {
        guard case .done(let n) = try Posix.io("write", { CAsyncIO_write_nosigpipe(fd, buffer.baseAddress, UInt(buffer.count)) }) else { return nil }
        return n
    }
}

/// Child processes, wrapped: spawn, the exit descriptor, reaping, signals.
enum ChildProcess {
    /// Starts `argv[0]` (looked up in PATH when `search`) with the child's fds 0, 1, 2 set
    /// to `stdio` (-1: inherited). Throws `OSError` naming the program when it cannot start.
    static func spawn(
        _ argv: [String], environment: [String]?, workingDirectory: String?,
        stdio: (Int32, Int32, Int32), search: Bool
    ) throws -> Int32 {
        guard let program = argv.first else { throw ValueError("no program to run") }
        let cArgv = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { $0.map { strdup($0) } + [nil] }
        defer {
            for p in cArgv { free(p) }
            for p in cEnv ?? [] { free(p) }
        }
        let rc: Int32
        if var env = cEnv {
            rc = env.withUnsafeMutableBufferPointer { e in
                spawn(program, cArgv, e.baseAddress, workingDirectory, stdio, search)
            }
        } else {
            rc = spawn(program, cArgv, nil, workingDirectory, stdio, search)
        }
        if rc < 0 { throw OSError(errno: -rc, function: program) }
        return rc
    }

    private static func spawn(
        _ program: String, _ argv: [UnsafeMutablePointer<CChar>?], _ env: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        _ cwd: String?, _ stdio: (Int32, Int32, Int32), _ search: Bool
    ) -> Int32 {
        var args = argv
        return args.withUnsafeMutableBufferPointer { a in
            if let cwd {
                return CAsyncIO_spawn(program, a.baseAddress, env, cwd, stdio.0, stdio.1, stdio.2, search ? 1 : 0)
            }
            return CAsyncIO_spawn(program, a.baseAddress, env, nil, stdio.0, stdio.1, stdio.2, search ? 1 : 0)
        }
    }

    /// A descriptor that turns readable when `pid` exits; nil where the kernel has no
    /// pidfd_open (before Linux 5.3).
    static func exitDescriptor(_ pid: Int32) throws -> Int32? {
        let fd = CAsyncIO_pidfd_open(pid)
        if fd >= 0 { return fd }
        if Glibc.errno == ENOSYS { return nil }
        throw OSError(errno: Glibc.errno, function: "pidfd_open")
    }

    /// The child's returncode once it has ended (its exit status, or -signal), reaping it;
    /// nil while it runs.
    static func reap(_ pid: Int32) -> Int32? {
        var code: Int32 = 0
        return CAsyncIO_reap(pid, &code) == 1 ? code : nil
    }

    static func signal(_ pid: Int32, _ signal: Int32) throws {
        _ = try Posix.syscall("kill(\(pid), \(signal))") { Glibc.kill(pid, signal) }
    }

    /// /dev/null, read-write, close-on-exec.
    static func openDevNull() throws -> Int32 {
        try Posix.syscall("open(/dev/null)") { Glibc.open("/dev/null", O_RDWR | O_CLOEXEC) }
    }
}

/// The loop running on this thread (asyncio's `_running_loop`), a C thread-local: one
/// load, no Swift task-local lookup.
enum ThreadLoop {
    /// The address of this thread's loop, or nil.
    @inline(__always)
    static var address: UnsafeMutableRawPointer? { CAsyncIO_current_loop() }

    @inline(__always)
    static func set(_ address: UnsafeMutableRawPointer?) { CAsyncIO_set_current_loop(address) }
}
