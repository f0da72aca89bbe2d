// The scenarios of `Tests/AsyncIOScenarios` (main-actor bodies, as in a user's
// `main.swift`), each run as a child process in both execution modes: whole-program
// (the default) and executor-preference (`ASYNCIO_WHOLE_PROGRAM=0`). CI runs this suite
// again against the release build (`swift test -c release`).
import Foundation
import Testing

/// The two execution modes, as the environment selects them.
enum ExecutionMode: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case wholeProgram = "1"
    case preference = "0"
    var testDescription: String { self == .wholeProgram ? "whole-program" : "preference" }
}

/// Runs `AsyncIOScenarios NAME` in `mode` (killed after `timeout` seconds).
private func runScenario(_ name: String, _ mode: ExecutionMode, timeout: Double = 30) async throws -> ChildRun {
    let exe = try #require(builtExecutable("AsyncIOScenarios"))
    let run = try await runChild([exe, name], environment: ["ASYNCIO_WHOLE_PROGRAM": mode.rawValue], timeout: timeout)
    #expect(!run.timedOut, "\(name) (\(mode.testDescription)) hung: \(run.lines)")
    #expect(run.status == 0, "\(name) (\(mode.testDescription)) exited with \(run.status): \(run.stderrHead)")
    return run
}

/// A scenario and the lines it must print (per mode where the modes differ).
struct Scenario: Sendable, CustomTestStringConvertible {
    let name: String
    let expected: @Sendable (ExecutionMode) -> [String]
    var testDescription: String { name }
    init(_ name: String, _ lines: [String]) {
        self.name = name
        self.expected = { _ in lines }
    }
    init(_ name: String, _ expected: @escaping @Sendable (ExecutionMode) -> [String]) {
        self.name = name
        self.expected = expected
    }
}

private let scenarios: [Scenario] = [
    // Release builds crashed here (a waiter freed while its task resumed): 300 rounds.
    Scenario("taskgroup-errors", ["groups=300 cancels=300"]),
    // Timeouts reach awaits the library does not own.
    Scenario("foreign-timeout", [
        "Task.sleep: TimeoutError <1s",
        "AsyncStream: TimeoutError <1s",
        "continuation client: TimeoutError <1s",
        "continuation client in time: 42",
        "nested: inner TimeoutError",
        "nested: outer body goes on",
        "async let child: TimeoutError <1s",
        "after: Task.sleep works, cancelling=0",
    ]),
    // cancel(), gather, task groups and run's leftovers reach them too.
    Scenario("foreign-cancel", [
        "cancel: Task.sleep interrupted <1s, cancelled=true",
        "gather: children interrupted <1s",
        "task group: body interrupted <1s, errors=[\"Boom\"]",
        "after uncancel: TimeoutError",
        "catch: second CancellationError",
        "leftovers: run returned promptly",
    ]),
    // Every primitive, with the other side acting at once (preference mode lost these).
    Scenario("primitives", [
        "gather pack 3", "gather array [3, 4]", "gather results 2", "wait 1", "asCompleted [6]",
        "task group 7", "future 8", "task value 9", "event", "lock", "semaphore", "condition",
        "barrier", "queue get 10", "queue put", "queue join", "generator [13, 14]", "stream ping",
        "server closed", "datagram dgram", "toThread 15",
    ]),
    // An idle loop blocks (preference mode spun a core).
    Scenario("idle-cpu", ["idle: no CPU"]),
    // Task.immediate + sleep(0) tripped a precondition. In preference mode the two tasks
    // run on the main actor, which Swift schedules, not the loop: only the set of lines is
    // fixed there (see `matchesInAnyOrder`).
    Scenario("immediate-yield", ["immediate starts, immediate resumes, main resumes"]),
    Scenario("task-between-runs", ["a Task made between runs ran in the next run"]),
    Scenario("huge-task-sleep", ["Task.sleep(nanoseconds: .max): cancelled"]),
    Scenario("spawn-many", ["10000 children: exit codes right, descriptors unchanged, zombies 0"]),
]

/// Scenarios with a Python twin in `Tests/AsyncIOScenarios/python/NAME.py`.
private let differential = ["cancel_twice", "done_order", "wait_edges", "timeout_repr"]

@Suite("Scenarios: main-actor bodies in both execution modes", .serialized)
struct ScenarioTests {
    @Test("prints what it must", arguments: scenarios, ExecutionMode.allCases)
    func scenario(_ s: Scenario, _ mode: ExecutionMode) async throws {
        let run = try await runScenario(s.name, mode)
        if s.name == "immediate-yield" && mode == .preference {
            #expect(matchesInAnyOrder(run.lines, s.expected(mode)))
        } else {
            #expect(run.lines == s.expected(mode))
        }
    }

    /// The same comma-separated events, in any order.
    private func matchesInAnyOrder(_ lines: [String], _ expected: [String]) -> Bool {
        func events(_ l: [String]) -> [String] { l.flatMap { $0.components(separatedBy: ", ") }.sorted() }
        return events(lines) == events(expected)
    }

    @Test("prints what CPython prints", arguments: differential, ExecutionMode.allCases)
    func matchesPython(_ name: String, _ mode: ExecutionMode) async throws {
        let python = try await runChild(["python3", "\(packageRoot)/Tests/AsyncIOScenarios/python/\(name).py"], timeout: 20)
        try #require(python.status == 0, "python twin failed: \(python.stderrHead)")
        let swift = try await runScenario(name, mode)
        #expect(swift.lines == python.lines)
    }

    @Test func aTaskMadeWhileNoRunIsActiveIsReportedOnce() async throws {
        // Whole-program mode: the loop is the default executor, so such a task waits for
        // the next run; the loop says so (once) on its logger.
        let run = try await runScenario("task-between-runs", .wholeProgram)
        let warnings = run.stderr.components(separatedBy: "no AsyncIO.run is active").count - 1
        #expect(warnings == 1, "stderr: \(run.stderrHead)")
    }
}

@Suite("Ctrl-C during AsyncIO.run, in both execution modes", .serialized)
struct CtrlCTests {
    /// Runs the `ctrl_c` scenario (or its Python twin) and sends SIGINT `times` times once
    /// it prints "ready" (the second one after the first's cleanup began).
    private func interrupted(_ argv: [String], _ mode: ExecutionMode, times: Int) async throws -> ChildRun {
        try await runChild(argv, environment: ["ASYNCIO_WHOLE_PROGRAM": mode.rawValue], timeout: 20) { line, pid in
            if line == "ready" { kill(pid, SIGINT) }
            if line == "main cancelled, cleaning up" && times > 1 { kill(pid, SIGINT) }
        }
    }

    @Test("the main task is cancelled, cleanup runs, run throws KeyboardInterrupt", arguments: ExecutionMode.allCases)
    func firstCtrlC(_ mode: ExecutionMode) async throws {
        let python = try await interrupted(["python3", "\(packageRoot)/Tests/AsyncIOScenarios/python/ctrl_c.py"], mode, times: 1)
        try #require(python.status == 0, "python twin: \(python.stderrHead)")
        let exe = try #require(builtExecutable("AsyncIOScenarios"))
        let swift = try await interrupted([exe, "ctrl_c"], mode, times: 1)
        #expect(!swift.timedOut)
        #expect(swift.status == 0, "\(swift.stderrHead)")
        #expect(swift.lines == python.lines)
    }

    @Test("a second Ctrl-C during the cleanup ends the process by SIGINT", arguments: ExecutionMode.allCases)
    func secondCtrlC(_ mode: ExecutionMode) async throws {
        let exe = try #require(builtExecutable("AsyncIOScenarios"))
        let swift = try await interrupted([exe, "ctrl_c"], mode, times: 2)
        #expect(!swift.timedOut)
        #expect(swift.status == 128 + SIGINT)
        #expect(swift.lines == ["ready", "main cancelled, cleaning up"])
    }
}
