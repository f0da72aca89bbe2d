#if canImport(Glibc)
import Glibc
#endif

/// Where a child's stdin, stdout or stderr goes.
///
/// asyncio: the `stdin=`/`stdout=`/`stderr=` arguments (`PIPE`, `DEVNULL`, `None`, a file
/// descriptor, `STDOUT`).
public enum Redirect: Sendable, Equatable {
    /// A pipe to this process: `Subprocess.stdin`/`stdout`/`stderr` are its stream.
    case pipe
    /// /dev/null.
    case devNull
    /// This process's own descriptor (asyncio's `None`, the default).
    case inherit
    /// A descriptor of this process (it stays open here).
    case fileDescriptor(Int32)
    /// stderr only: wherever stdout goes (asyncio's `STDOUT`).
    case stdout
}

/// Starts `program` with `arguments`, without a shell, and returns the running child.
///
/// Usage: `let p = try await AsyncIO.createSubprocessExec("git", ["status"], stdout: .pipe)`
///
/// asyncio: `asyncio.create_subprocess_exec(program, *args, stdin=, stdout=, stderr=,
/// env=, cwd=)`. A `program` without a `/` is looked up in `PATH`.
/// - Parameters:
///   - environment: the child's whole environment (nil: this process's).
///   - workingDirectory: the child's working directory (nil: this process's).
///   - limit: the buffer limit of the stdout and stderr readers.
/// - Throws: `OSError` naming the program when it cannot start (ENOENT: no such program,
///   EACCES: not executable, EBADF: a `.fileDescriptor` that is not open); `ValueError`
///   for `.stdout` outside stderr, a negative descriptor, a NUL byte in an argument, or
///   `limit` ≤ 0; `NoRunningLoopError` outside a loop.
public func createSubprocessExec(
    _ program: String, _ arguments: [String] = [],
    stdin: Redirect = .inherit, stdout: Redirect = .inherit, stderr: Redirect = .inherit,
    environment: [String: String]? = nil, workingDirectory: String? = nil, limit: Int = 64 * 1024
) async throws -> Subprocess {
    var launch = SubprocessLaunch(loop: try runningLoop(), limit: limit)
    return try launch.start(
        [program] + arguments, search: true, stdin: stdin, stdout: stdout, stderr: stderr,
        environment: environment, workingDirectory: workingDirectory)
}

/// Runs `command` with `/bin/sh -c` and returns the running child.
///
/// Usage: `let p = try await AsyncIO.createSubprocessShell("ls | wc -l", stdout: .pipe)`
///
/// asyncio: `asyncio.create_subprocess_shell(cmd, …)`. Quote what comes from users
/// (the shell interprets the whole string).
/// - Throws: as `createSubprocessExec`.
public func createSubprocessShell(
    _ command: String,
    stdin: Redirect = .inherit, stdout: Redirect = .inherit, stderr: Redirect = .inherit,
    environment: [String: String]? = nil, workingDirectory: String? = nil, limit: Int = 64 * 1024
) async throws -> Subprocess {
    var launch = SubprocessLaunch(loop: try runningLoop(), limit: limit)
    return try launch.start(
        ["/bin/sh", "-c", command], search: false, stdin: stdin, stdout: stdout, stderr: stderr,
        environment: environment, workingDirectory: workingDirectory)
}

/// The descriptors of one spawn: what the child gets, what this process keeps, and what
/// to close here once the child has its copies.
private struct SubprocessLaunch {
    let loop: EventLoop
    let limit: Int
    /// Descriptors to close here after the spawn (the child's pipe ends, /dev/null).
    private var closeAfterSpawn: [Int32] = []
    /// This process's ends of the pipes, closed if the spawn fails.
    private var kept: [Int32] = []

    init(loop: EventLoop, limit: Int) {
        self.loop = loop
        self.limit = limit
    }

    mutating func start(
        _ argv: [String], search: Bool, stdin: Redirect, stdout: Redirect, stderr: Redirect,
        environment: [String: String]?, workingDirectory: String?
    ) throws -> Subprocess {
        _ = try Arguments.streamLimit(limit)
        for a in argv { _ = try Arguments.cString(a) }
        if let workingDirectory { _ = try Arguments.cString(workingDirectory) }
        if stdin == .stdout || stdout == .stdout { throw ValueError("STDOUT can only be used for stderr") }
        let env = try environment.map { e in try e.map { try Arguments.cString("\($0.key)=\($0.value)") } }
        defer { for fd in closeAfterSpawn { Posix.close(fd) } }
        do {
            let (inChild, inParent) = try end(stdin, childReads: true)
            let (outChild, outParent) = try end(stdout, childReads: false)
            let errChild: Int32
            let errParent: Int32?
            if stderr == .stdout {
                (errChild, errParent) = (outChild == -1 ? 1 : outChild, nil)
            } else {
                (errChild, errParent) = try end(stderr, childReads: false)
            }
            let pid = try ChildProcess.spawn(
                argv, environment: env, workingDirectory: workingDirectory,
                stdio: (inChild, outChild, errChild), search: search)
            kept = []
            let process = Subprocess(
                loop: loop, pid: pid,
                stdin: inParent.map(writer), stdout: outParent.map(reader), stderr: errParent.map(reader))
            try process.watchExit()
            return process
        } catch {
            for fd in kept { Posix.close(fd) }
            throw error
        }
    }

    /// The child's descriptor for one stream (-1: inherited) and this process's end of it.
    private mutating func end(_ redirect: Redirect, childReads: Bool) throws -> (Int32, Int32?) {
        switch redirect {
        case .inherit, .stdout:
            return (-1, nil)
        case .fileDescriptor(let fd):
            // A negative descriptor would silently mean "inherit" to the spawn.
            guard fd >= 0 else { throw ValueError("bad file descriptor: \(fd)") }
            return (fd, nil)
        case .devNull:
            let fd = try ChildProcess.openDevNull()
            closeAfterSpawn.append(fd)
            return (fd, nil)
        case .pipe:
            let p = try Pipe.forChild(parentReads: !childReads)
            let (child, parent) = childReads ? (p.read, p.write) : (p.write, p.read)
            closeAfterSpawn.append(child)
            kept.append(parent)
            return (child, parent)
        }
    }

    /// A reader over the read end of a pipe from the child.
    private func reader(_ fd: Int32) -> StreamReader {
        let reader = StreamReader(loop: loop, limit: limit)
        let proto = StreamReaderProtocol(loop: loop, reader: reader)
        let transport = StreamTransport(loop: loop, io: PipeIO(fd: fd, readEnd: true), protocol: proto)
        transport.start()
        reader.transport = transport
        return reader
    }

    /// A writer over the write end of a pipe to the child.
    private func writer(_ fd: Int32) -> StreamWriter {
        // The protocol wants a reader; nothing ever comes in through a write end.
        let unused = StreamReader(loop: loop, limit: limit)
        let proto = StreamReaderProtocol(loop: loop, reader: unused)
        let transport = StreamTransport(loop: loop, io: PipeIO(fd: fd, readEnd: false), protocol: proto)
        transport.start()
        return StreamWriter(transport: transport, protocol: proto, reader: nil)
    }
}
