// Differential tests of the ported seed examples: each Swift example (`asyncio tour NAME`)
// and its Python twin (`python3 Examples/python/NAME.py`) run as child processes with
// ASYNCIO_TIME_SCALE=0.05; they must print the same lines in the same order, exit 0, and
// show real concurrency: the time between chosen output lines must fall between the
// concurrent duration and (well under) the sequential one.
#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// The time scale both sides run with: a "1 second" sleep takes 50 ms.
private let scale = 0.05

/// A window between two output lines (or from the process start to a line), in seconds
/// at scale 1. The measured time must be at least `atLeast` (sleeps never end early) and,
/// when given, below `below` (chosen under the sequential sum, so it proves concurrency).
private struct TwinWindow: Sendable, CustomStringConvertible {
    /// Index of the first line, nil for the process start; negative indices count from the end.
    let from: Int?
    let to: Int
    let atLeast: Double
    let below: Double?

    var description: String {
        "\(from.map { "line \($0)" } ?? "start") → line \(to): ≥ \(atLeast)" + (below.map { ", < \($0)" } ?? "")
    }
}

private func window(_ from: Int?, _ to: Int, atLeast: Double, below: Double? = nil) -> TwinWindow {
    TwinWindow(from: from, to: to, atLeast: atLeast, below: below)
}

/// One example and the timing it must show.
private struct TwinCase: Sendable, CustomTestStringConvertible {
    let name: String
    let windows: [TwinWindow]
    var testDescription: String { name }

    init(_ name: String, _ windows: [TwinWindow] = []) {
        self.name = name
        self.windows = windows
    }
}

/// Examples whose Swift side fails because of a library bug (reported, not fixed here).
private let knownLibraryBugs: [String: Comment] = [
    "nested_run": """
        Library bug: in whole-program mode a nested AsyncIO.run traps in Runner.init \
        (WholeProgram.mainLoop → EventLoop.setClock: "clock changed while the loop runs") \
        instead of throwing LoopStateError.
        """,
    "nested_run_raises": """
        Library bug: in whole-program mode a nested AsyncIO.run traps in Runner.init \
        (WholeProgram.mainLoop → EventLoop.setClock: "clock changed while the loop runs") \
        instead of throwing LoopStateError.
        """,
]

/// Every example with its windows. Comments give the concurrent and sequential times.
private let twinCases: [TwinCase] = [
    // seed 000
    TwinCase("say_hello", [window(0, 1, atLeast: 1, below: 1.6)]),
    // time.sleep(3) blocks: nothing is printed for 3 s.
    TwinCase("blocking_sleep", [window(0, 1, atLeast: 3, below: 3.6)]),
    // main goes on at once; the task's 3 s sleep runs in the background.
    TwinCase("nonblocking_sleep", [window(0, 1, atLeast: 0, below: 0.5), window(0, 2, atLeast: 3, below: 3.6)]),
    // gather of 2 s and 1 s: 2 s in all, not 3.
    TwinCase("event_loop_tasks", [window(0, 2, atLeast: 1, below: 1.6), window(0, 3, atLeast: 2, below: 2.6)]),
    TwinCase("await_inside_async", [window(nil, 0, atLeast: 2)]),
    TwinCase("run_from_sync", [window(nil, 0, atLeast: 2)]),
    TwinCase("nested_run"),
    TwinCase("gather_results", [window(0, 2, atLeast: 1, below: 1.6), window(0, 4, atLeast: 2, below: 2.6)]),
    // main sleeps 1 s while the 3 s background task runs: 3 s in all, not 4.
    TwinCase("background_task", [window(0, 3, atLeast: 1, below: 1.6), window(0, 5, atLeast: 3, below: 3.6)]),
    // seed 001
    TwinCase("greet", [window(0, 1, atLeast: 1, below: 1.6)]),
    // sequential on purpose: 1 s then 2 s.
    TwinCase("sequential_awaits", [window(nil, 0, atLeast: 1), window(0, 1, atLeast: 2, below: 2.6)]),
    // gather of 2, 1, 3 s: 3 s in all, not 6.
    TwinCase("event_loop_in_action", [window(0, 3, atLeast: 1, below: 1.6), window(0, 5, atLeast: 3, below: 3.6)]),
    TwinCase("gather_concurrently", [window(0, 3, atLeast: 1, below: 1.6), window(0, 5, atLeast: 3, below: 3.6)]),
    // seed 002
    TwinCase("define_coroutine"),
    TwinCase("await_result", [window(nil, 0, atLeast: 1)]),
    TwinCase("create_task_then_await", [window(0, 1, atLeast: 1, below: 1.6)]),
    TwinCase("await_vs_create_task", [
        window(nil, 0, atLeast: 1), window(1, 2, atLeast: 0, below: 0.5), window(2, 3, atLeast: 1, below: 1.6),
    ]),
    // 1 2 3 4 5 at 0, 0, 0.2, 0.3, 0.4 s; one task after the other would print 4 at 0.9 s.
    TwinCase("concurrent_tasks", [window(0, 4, atLeast: 0.4, below: 0.75)]),
    // the same, then the results at 0.6 s (sequential: 1.2 s).
    TwinCase("gather_values", [window(0, 4, atLeast: 0.4, below: 0.75), window(0, 5, atLeast: 0.6, below: 0.95)]),
    // fetching (2 s) alongside the algorithm (10 × 0.5 s): 5 s in all, not 7.
    TwinCase("fetch_and_algorithm", [window(0, 5, atLeast: 2, below: 2.4), window(0, 12, atLeast: 5, below: 5.8)]),
    TwinCase("async_method"),
    // the 2 s job is cancelled when main returns at 0.5 s.
    TwinCase("unfinished_task_cancelled", [window(0, 1, atLeast: 0.5, below: 1), window(0, 3, atLeast: 0.5, below: 1)]),
    // seed 003
    TwinCase("run_returns_value"),
    TwinCase("fetch_data", [window(0, 1, atLeast: 2, below: 2.6)]),
    // gather of 3, 1, 2 s: 3 s in all, not 6.
    TwinCase("gather_alpha_beta_gamma", [window(0, 3, atLeast: 1, below: 1.6), window(0, 6, atLeast: 3, below: 3.6)]),
    TwinCase("task_group", [window(0, 3, atLeast: 1, below: 1.6), window(0, 6, atLeast: 3, below: 3.6)]),
    // the failure at 1 s cancels the 3 s sibling at once.
    TwinCase("task_group_cancels_siblings", [
        window(nil, 0, atLeast: 0.5), window(0, 1, atLeast: 0.5, below: 1), window(1, 3, atLeast: 0, below: 0.4),
    ]),
    TwinCase("task_group_errors", [window(nil, 0, atLeast: 1)]),
    // the error at 0.5 s; the sibling still finishes at 1 s; main at 1.5 s.
    TwinCase("gather_error_keeps_running", [
        window(nil, 0, atLeast: 0.5), window(0, 1, atLeast: 0.5, below: 0.9), window(0, 2, atLeast: 1, below: 1.4),
    ]),
    // two 0.5 s fetches: 0.5 s in all, not 1.
    TwinCase("named_task", [window(0, 4, atLeast: 0.5, below: 0.85), window(4, 5, atLeast: 0, below: 0.3)]),
    // seed 004
    TwinCase("task_a_task_b", [window(0, 2, atLeast: 1, below: 1.6), window(0, 3, atLeast: 2, below: 2.6)]),
    TwinCase("greet_world", [window(nil, 0, atLeast: 0.5)]),
    TwinCase("nested_run_raises"),
    TwinCase("create_task_gather", [window(nil, 0, atLeast: 0.5)]),
    TwinCase("gather_stocks", [window(nil, 0, atLeast: 0.3), window(0, 2, atLeast: 0, below: 0.2)]),
    TwinCase("gather_return_exceptions", [window(nil, 0, atLeast: 1)]),
    TwinCase("show_progress", [window(0, 1, atLeast: 1, below: 1.6), window(0, 2, atLeast: 2, below: 2.6)]),
    // the blocking sleep holds the loop 1 s, then 1 s more; the async one 1 s.
    TwinCase("blocking_vs_async_sleep", [
        window(nil, 0, atLeast: 1), window(0, 1, atLeast: 1, below: 1.5), window(1, 2, atLeast: 1, below: 1.5),
    ]),
    // two 0.5 s workers run together.
    TwinCase("inspect_context", [window(0, 7, atLeast: 0.5, below: 0.9)]),
    // extra: wait_for gives up at 1 s, the next gets its result after 2 s, the timeout
    // block expires after 1 s, the rescheduled one lets the 2 s operation finish.
    TwinCase("timeouts", [
        window(nil, 0, atLeast: 1), window(0, 1, atLeast: 2, below: 2.5), window(1, 2, atLeast: 1, below: 1.5),
        window(2, 3, atLeast: 2, below: 2.5),
    ]),
]

@Suite("Examples: Swift twins against Python", .serialized)
struct ExamplesDifferentialTests {
    @Test("every example has a Python twin and timing bounds")
    func everyExampleIsCovered() async throws {
        let run = try await runChild([try asyncioExecutable(), "tour", "--list"], timeout: 20)
        #expect(run.status == 0, "asyncio tour --list: \(run.stderrHead)")
        let listed = run.lines.compactMap { $0.split(separator: " ").first.map(String.init) }
        #expect(listed == twinCases.map(\.name))
        for name in listed {
            #expect(FileManager.default.fileExists(atPath: "\(packageRoot)/Examples/python/\(name).py"), "no twin for \(name)")
        }
    }

    @Test("same output as Python, concurrency shown", arguments: twinCases)
    fileprivate func matchesPython(_ c: TwinCase) async throws {
        let python = try await runChild(["python3", "\(packageRoot)/Examples/python/\(c.name).py"], timeout: 20)
        try #require(!python.timedOut && python.status == 0, "python twin failed: \(python.status) \(python.stderrHead)")
        check(python, c, side: "Python")

        let swift = try await runChild([try asyncioExecutable(), "tour", c.name], timeout: 20)
        if let bug = knownLibraryBugs[c.name] {
            withKnownIssue(bug) { compare(swift, python, c) }
        } else {
            compare(swift, python, c)
        }
    }

    /// The Swift run: a heading, then exactly the Python lines, exit 0, the same timing.
    private func compare(_ swift: ChildRun, _ python: ChildRun, _ c: TwinCase) {
        #expect(!swift.timedOut, "asyncio tour \(c.name) hung (killed after the timeout)")
        #expect(swift.status == 0, "asyncio tour \(c.name) exited with \(swift.status): \(swift.stderrHead)")
        #expect(swift.lines.first == "=== \(c.name) ===")
        let body = ChildRun(
            lines: Array(swift.lines.dropFirst()), times: Array(swift.times.dropFirst()),
            stderr: swift.stderr, status: swift.status, timedOut: swift.timedOut)
        #expect(body.lines == python.lines)
        if body.lines == python.lines { check(body, c, side: "Swift") }
    }

    /// The timing windows of one run.
    private func check(_ run: ChildRun, _ c: TwinCase, side: String) {
        for w in c.windows {
            func index(_ i: Int) -> Int { i < 0 ? run.times.count + i : i }
            let to = index(w.to)
            guard run.times.indices.contains(to), w.from.map({ run.times.indices.contains(index($0)) }) ?? true else {
                Issue.record("\(side) \(c.name): \(w) is out of range (\(run.lines.count) lines)")
                continue
            }
            let elapsed = run.times[to] - (w.from.map { run.times[index($0)] } ?? 0)
            // 10% and 3 ms of slack for the reader seeing a line late; none above.
            #expect(elapsed >= w.atLeast * scale * 0.9 - 0.003,
                    "\(side) \(c.name): \(w) measured \(elapsed / scale) s (at scale 1)")
            if let below = w.below {
                #expect(elapsed < below * scale,
                        "\(side) \(c.name): \(w) measured \(elapsed / scale) s (at scale 1): not concurrent")
            }
        }
    }
}

// MARK: - locating things

/// The package root, from this file's path (Tests/AsyncIOTests/Examples/<file>).
private let packageRoot: String = {
    var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
    parts.removeLast(4)
    return parts.joined(separator: "/")
}()

private struct MissingExecutable: Error, CustomStringConvertible {
    var description: String {
        "the asyncio executable was not found next to the test bundle (set ASYNCIO_BIN to its path)"
    }
}

/// The `asyncio` executable built with the tests: next to the test bundle (the directory
/// of /proc/self/exe, or of a parent of argv[0]); ASYNCIO_BIN overrides.
private func asyncioExecutable() throws -> String {
    if let p = ProcessInfo.processInfo.environment["ASYNCIO_BIN"], isExecutableFile(p) { return p }
    var starts: [String] = []
    var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
    let n = readlink("/proc/self/exe", &buf, buf.count - 1)
    if n > 0 {
        starts.append(String(decoding: buf[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self))
    }
    if let arg0 = CommandLine.arguments.first { starts.append(arg0) }
    for start in starts {
        var dir = start
        while let slash = dir.lastIndex(of: "/"), slash != dir.startIndex {
            dir = String(dir[..<slash])
            let candidate = dir + "/asyncio"
            if isExecutableFile(candidate) { return candidate }
        }
    }
    throw MissingExecutable()
}

private func isExecutableFile(_ path: String) -> Bool {
    var st = stat()
    return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
}

// MARK: - running a child process

/// What a child printed, when each stdout line arrived (seconds after the spawn), and how
/// it ended (exit code, or 128 + signal).
private struct ChildRun: Sendable {
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

private struct SpawnError: Error, CustomStringConvertible {
    let command: String
    let code: Int32
    var description: String { "cannot start \(command): \(String(cString: strerror(code)))" }
}

/// Runs `argv` (looked up in PATH) with ASYNCIO_TIME_SCALE set, on a thread of its own so
/// the cooperative pool is never blocked; kills it after `timeout` seconds.
private func runChild(_ argv: [String], timeout: Double) async throws -> ChildRun {
    try await withCheckedThrowingContinuation { (c: CheckedContinuation<ChildRun, any Error>) in
        let thread = Thread {
            c.resume(with: Result { try runChildBlocking(argv, timeout: timeout) })
        }
        thread.start()
    }
}

private func runChildBlocking(_ argv: [String], timeout: Double) throws -> ChildRun {
    guard let command = argv.first else { throw SpawnError(command: "(nothing)", code: EINVAL) }
    var env = ProcessInfo.processInfo.environment
    env["ASYNCIO_TIME_SCALE"] = "\(scale)"
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
    var pid: pid_t = 0
    let rc = posix_spawnp(&pid, command, &actions, nil, cArgs, cEnv)
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
                    run.lines.append(String(decoding: pending, as: UTF8.self))
                    run.times.append(now)
                    pending.removeAll(keepingCapacity: true)
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
