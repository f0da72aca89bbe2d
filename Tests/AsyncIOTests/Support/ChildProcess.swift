// Running a child process and collecting what it prints, line by line with arrival times:
// the differential tests (examples, scenarios) run both twins this way.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// The package root, from this file's path (Tests/AsyncIOTests/Support/<file>).
let packageRoot: String = {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(4)
    return parts.joined(separator: "/")
}()

func isExecutableFile(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
}

// MARK: - running a child process

/// What a child printed, when each stdout line arrived (seconds after the spawn), and how
/// it ended (exit code, or 128 + signal).
struct ChildRun: Sendable {
    var lines: [String]
    var times: [Double]
    var stderr: String
    var status: Int32
    var timedOut: Bool

    /// The first lines of stderr (a crash's backtrace is long).
    var stderrHead: String {
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.prefix(4).joined(separator: "\n") + (lines.count > 4 ? "\n…" : "")
    }
}

struct SpawnError: Error, CustomStringConvertible {
    let command: String
    let code: Int32
    var description: String { "cannot start \(command): \(String(cString: strerror(code)))" }
}

/// Runs `argv` (looked up in PATH) with `environment` added to this process's, on a
/// thread of its own so the cooperative pool is never blocked; kills it after `timeout`
/// seconds.
/// Runs the `AsyncIOTestHelper` executable (scenarios that change process-wide state).
func runHelper(_ arguments: [String], environment: [String: String] = [:], timeout: Double = 60) async throws -> ChildRun {
    let helper = try #require(builtExecutable("AsyncIOTestHelper"))
    let run = try await runChild([helper] + arguments, environment: environment, timeout: timeout)
    #expect(!run.timedOut, "AsyncIOTestHelper \(arguments) hung")
    return run
}

/// `onLine` sees each stdout line as it arrives, with the child's pid (to signal it).
func runChild(
    _ argv: [String], environment: [String: String] = [:], timeout: Double,
    onLine: (@Sendable (String, pid_t) -> Void)? = nil
) async throws -> ChildRun {
    try await withCheckedThrowingContinuation { (c: CheckedContinuation<ChildRun, any Error>) in
        let thread = Thread {
            c.resume(with: Result { try runChildBlocking(argv, environment: environment, timeout: timeout, onLine: onLine) })
        }
        thread.start()
    }
}

private func runChildBlocking(
    _ argv: [String], environment: [String: String], timeout: Double,
    onLine: (@Sendable (String, pid_t) -> Void)?
) throws -> ChildRun {
    guard let command = argv.first else { throw SpawnError(command: "(nothing)", code: EINVAL) }
    var env = ProcessInfo.processInfo.environment
    env.merge(environment) { _, new in new }
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    let cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    let cEnv: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        for p in cArgs { free(p) }
        for p in cEnv { free(p) }
    }

    var outPipe: [Int32] = [-1, -1]
    var errPipe: [Int32] = [-1, -1]
    guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw SpawnError(command: command, code: errno) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
    for fd in outPipe + errPipe { posix_spawn_file_actions_addclose(&actions, fd) }

    let clock = ContinuousClock()
    let started = clock.now
    func elapsed() -> Double {
        let d = clock.now - started
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
    // The child starts as from a shell: every signal at its default action, none blocked
    // (the test runner may ignore or block SIGINT, and a child would inherit that).
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var allSignals = sigset_t()
    sigfillset(&allSignals)
    var noSignals = sigset_t()
    sigemptyset(&noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))
    var pid: pid_t = 0
    let rc = posix_spawnp(&pid, command, &actions, &attributes, cArgs, cEnv)
    close(outPipe[1])
    close(errPipe[1])
    guard rc == 0 else {
        close(outPipe[0])
        close(errPipe[0])
        throw SpawnError(command: command, code: rc)
    }

    var run = ChildRun(lines: [], times: [], stderr: "", status: -1, timedOut: false)
    var pending: [UInt8] = []
    var errBytes: [UInt8] = []
    var fds = [pollfd(fd: outPipe[0], events: Int16(POLLIN), revents: 0),
               pollfd(fd: errPipe[0], events: Int16(POLLIN), revents: 0)]
    var buffer = [UInt8](repeating: 0, count: 65536)
    while fds.contains(where: { $0.fd >= 0 }) {
        let remaining = timeout - elapsed()
        if remaining <= 0 && !run.timedOut {
            run.timedOut = true
            kill(pid, SIGKILL)
        }
        let r = poll(&fds, nfds_t(fds.count), run.timedOut ? 1000 : Int32(min(remaining, 60) * 1000) + 1)
        if r < 0 {
            if errno == EINTR { continue }
            break
        }
        if r == 0 && run.timedOut { break }
        for i in fds.indices where fds[i].fd >= 0 && fds[i].revents != 0 {
            let n = read(fds[i].fd, &buffer, buffer.count)
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                close(fds[i].fd)
                fds[i].fd = -1
                continue
            }
            if i == 1 {
                errBytes += buffer[0..<n]
                continue
            }
            let now = elapsed()
            for byte in buffer[0..<n] {
                if byte == UInt8(ascii: "\n") {
                    let line = String(decoding: pending, as: UTF8.self)
                    run.lines.append(line)
                    run.times.append(now)
                    pending.removeAll(keepingCapacity: true)
                    onLine?(line, pid)
                } else {
                    pending.append(byte)
                }
            }
        }
    }
    for f in fds where f.fd >= 0 { close(f.fd) }
    if !pending.isEmpty {
        run.lines.append(String(decoding: pending, as: UTF8.self))
        run.times.append(elapsed())
    }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let signal = status & 0x7f
    run.status = signal == 0 ? (status >> 8) & 0xff : 128 + signal
    run.stderr = String(decoding: errBytes, as: UTF8.self)
    return run
}
