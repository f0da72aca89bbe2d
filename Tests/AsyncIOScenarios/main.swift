// Scenarios run as child processes by the tests, in release and debug builds and in both
// execution modes (whole-program, and `ASYNCIO_WHOLE_PROGRAM=0`). Top-level code here is
// main-actor isolated, so every `AsyncIO.run` body below is a main-actor body, as in a
// user's `main.swift`. Each scenario prints lines the tests compare.
// Usage: AsyncIOScenarios NAME
import AsyncIO
import CAsyncIOShims
import Dispatch
import Foundation

func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6
}

struct Boom: Error, CustomStringConvertible { var description: String { "Boom" } }

/// Prints a line and flushes it, so a scenario that hangs still shows how far it got.
func say(_ line: String) {
    print(line)
    fflush(nil)
}

var scenarios: [String: () throws -> Void] = [:]

scenarios["taskgroup-errors"] = {
    var groups = 0
    var cancels = 0
    for _ in 0..<300 {
        try AsyncIO.run {
            do {
                try await AsyncIO.withTaskGroup { tg in
                    try tg.createTask { try await AsyncIO.sleep(0.0001); throw Boom() }
                    try tg.createTask { try await AsyncIO.sleep(10) }
                    try await AsyncIO.sleep(10)
                }
            } catch is ExceptionGroup { groups += 1 }
            let t = AsyncIO.createTask { () -> Void in
                try await AsyncIO.withTaskGroup { tg in
                    try tg.createTask { try await AsyncIO.sleep(10) }
                    throw CancellationError()
                }
            }
            do { try await t.value } catch is CancellationError { cancels += 1 }
        }
    }
    say("groups=\(groups) cancels=\(cancels)")
}

/// An await the library does not own, shaped like the NIO-based clients: a continuation
/// resumed from another thread, with a Swift cancellation handler that fails it.
final class ForeignCall: @unchecked Sendable {
    // @unchecked Sendable: the continuation is guarded by `lock`.
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Int, any Error>?
    func run(answerAfter seconds: Double) async throws -> Int {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { c in
                lock.withLock { continuation = c }
                DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { self.finish(.success(42)) }
            }
        } onCancel: {
            self.finish(.failure(CancellationError()))
        }
    }
    private func finish(_ r: Result<Int, any Error>) {
        let c = lock.withLock { () -> CheckedContinuation<Int, any Error>? in
            defer { continuation = nil }
            return continuation
        }
        c?.resume(with: r)
    }
}

/// "<1s" when an interrupted await came back promptly: the waits below would take 3 s.
func promptly(since start: Double) -> String {
    (try? AsyncIO.runningLoop().time() - start).map { $0 < 1 ? "<1s" : ">1s" } ?? "?"
}

scenarios["foreign-timeout"] = {
    try AsyncIO.run {
        let loop = try AsyncIO.runningLoop()
        var start = loop.time()
        do {
            try await AsyncIO.timeout(0.1) { _ in try await Task.sleep(for: .seconds(3)) }
            say("Task.sleep: no timeout")
        } catch is TimeoutError {
            say("Task.sleep: TimeoutError \(promptly(since: start))")
        }
        start = loop.time()
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        do {
            try await AsyncIO.waitFor(timeout: 0.1) {
                for await _ in stream {}
                try Task.checkCancellation()
            }
            say("AsyncStream: no timeout")
        } catch is TimeoutError {
            say("AsyncStream: TimeoutError \(promptly(since: start))")
        }
        continuation.finish()
        start = loop.time()
        do {
            _ = try await AsyncIO.waitFor(timeout: 0.1) { try await ForeignCall().run(answerAfter: 3) }
            say("continuation client: no timeout")
        } catch is TimeoutError {
            say("continuation client: TimeoutError \(promptly(since: start))")
        }
        // A foreign await that finishes in time is not disturbed.
        let v = try await AsyncIO.waitFor(timeout: 2) { try await ForeignCall().run(answerAfter: 0.01) }
        say("continuation client in time: \(v)")
        // Nested: the inner deadline fires first and is the inner scope's TimeoutError.
        do {
            try await AsyncIO.timeout(5) { _ in
                do {
                    try await AsyncIO.timeout(0.05) { _ in try await Task.sleep(for: .seconds(3)) }
                } catch is TimeoutError {
                    say("nested: inner TimeoutError")
                }
                try await Task.sleep(for: .milliseconds(1))
                say("nested: outer body goes on")
            }
        }
        // In a Swift task the library did not create (an `async let` child), too.
        start = loop.time()
        async let inChild: String = {
            do {
                try await AsyncIO.waitFor(timeout: 0.1) { try await Task.sleep(for: .seconds(3)) }
                return "no timeout"
            } catch is TimeoutError {
                return "TimeoutError"
            }
        }()
        say("async let child: \(try await inChild) \(promptly(since: start))")
        // The task goes on awaiting foreign things after its timeouts: Swift's sticky
        // cancellation stayed inside the scopes.
        try await Task.sleep(for: .milliseconds(1))
        say("after: Task.sleep works, cancelling=\(AsyncIO.currentTask()?.cancelling() ?? -1)")
    }
}

scenarios["foreign-cancel"] = {
    try AsyncIO.run {
        let loop = try AsyncIO.runningLoop()
        // cancel() reaches a task sleeping the Swift way.
        var start = loop.time()
        let sleeper = AsyncIO.createTask { try await Task.sleep(for: .seconds(3)) }
        try await AsyncIO.sleep(0.01)
        sleeper.cancel()
        do { try await sleeper.value } catch is CancellationError {
            say("cancel: Task.sleep interrupted \(promptly(since: start)), cancelled=\(sleeper.isCancelled)")
        }
        // Cancelling a gather cancels children in foreign awaits.
        start = loop.time()
        let gatherer = AsyncIO.createTask { () -> Void in
            _ = try await AsyncIO.gather(
                { try await Task.sleep(for: .seconds(3)) },
                { try await ForeignCall().run(answerAfter: 3) })
        }
        try await AsyncIO.sleep(0.01)
        gatherer.cancel()
        do { try await gatherer.value } catch is CancellationError {
            say("gather: children interrupted \(promptly(since: start))")
        }
        // A failing child interrupts the group's body in a foreign await.
        start = loop.time()
        do {
            try await AsyncIO.withTaskGroup { tg in
                try tg.createTask { try await AsyncIO.sleep(0.01); throw Boom() }
                try await Task.sleep(for: .seconds(3))
            }
        } catch let group as ExceptionGroup {
            say("task group: body interrupted \(promptly(since: start)), errors=\(group.errors.map { "\($0)" })")
        }
        // A task that caught a foreign cancellation and took it back still gets its own
        // timeouts as TimeoutError (its Swift task stays cancelled: that is sticky).
        let recovering = AsyncIO.createTask { () -> String in
            do { try await Task.sleep(for: .seconds(3)) } catch is CancellationError {
                _ = AsyncIO.currentTask()?.uncancel()
            }
            do {
                try await AsyncIO.timeout(0.05) { _ in try await AsyncIO.sleep(1) }
                return "no timeout"
            } catch is TimeoutError {
                return "TimeoutError"
            }
        }
        try await AsyncIO.sleep(0.01)
        recovering.cancel()
        say("after uncancel: \(try await recovering.value)")
        // One cancel() that reaches a foreign await also stays pending for the next library
        // await (the library cannot see whether the foreign call honoured it): a task that
        // catches it and goes on gets a second CancellationError there (see the README).
        let catcher = AsyncIO.createTask { () -> String in
            do { try await Task.sleep(for: .seconds(3)) } catch is CancellationError {}
            try await AsyncIO.sleep(0.01)
            return "caught and went on"
        }
        try await AsyncIO.sleep(0.01)
        catcher.cancel()
        say("catch: \((try? await catcher.value) ?? "second CancellationError")")
    }
    // Leftover tasks in foreign awaits are interrupted when run exits.
    let start = Date()
    try AsyncIO.run {
        AsyncIO.createTask { try await Task.sleep(for: .seconds(30)) }
        AsyncIO.createTask { _ = try await ForeignCall().run(answerAfter: 30) }
        try await AsyncIO.sleep(0.01)
    }
    say("leftovers: run returned \(Date().timeIntervalSince(start) < 5 ? "promptly" : "late")")
}

scenarios["primitives"] = {
    // Every primitive awaited from a main-actor body while the other side acts at once:
    // in preference mode the body switches executors on its way into each wait.
    try AsyncIO.run {
        let (a, b) = try await AsyncIO.gather({ 1 }, { 2 })
        say("gather pack \(a + b)")
        let ops: [@Sendable () async throws -> Int] = [{ 3 }, { 4 }]
        say("gather array \(try await AsyncIO.gather(ops))")
        let outcomes = try await AsyncIO.gather(ops, returnExceptions: true)
        say("gather results \(outcomes.count)")
        let (done, _) = try await AsyncIO.wait([AsyncIO.createTask { 5 }])
        say("wait \(done.count)")
        var order: [Int] = []
        for try await t in AsyncIO.asCompleted([AsyncIO.createTask { 6 }]) { order.append(try t.result()) }
        say("asCompleted \(order)")
        let g = try await AsyncIO.withTaskGroup { tg -> Int in
            try tg.createTask { 7 }
            return 7
        }
        say("task group \(g)")
        let loop = try AsyncIO.runningLoop()
        let fut: Future<Int> = loop.createFuture()
        AsyncIO.createTask { try fut.setResult(8) }
        say("future \(try await fut.value)")
        let task = AsyncIO.createTask { 9 }
        say("task value \(try await task.value)")
        let event = Event()
        AsyncIO.createTask { event.set() }
        try await event.wait()
        say("event")
        let lock = Lock()
        try await lock.acquire()
        AsyncIO.createTask { try lock.release() }
        try await lock.acquire()
        try lock.release()
        say("lock")
        let sem = try Semaphore(value: 0)
        AsyncIO.createTask { sem.release() }
        try await sem.acquire()
        say("semaphore")
        let cond = Condition()
        try await cond.acquire()
        AsyncIO.createTask {
            try await cond.acquire()
            try cond.notifyAll()
            try cond.release()
        }
        try await cond.wait()
        try cond.release()
        say("condition")
        let barrier = try Barrier(parties: 2)
        AsyncIO.createTask { _ = try await barrier.wait() }
        _ = try await barrier.wait()
        say("barrier")
        let q = AsyncIO.Queue<Int>(maxsize: 1)
        AsyncIO.createTask { try q.putNowait(10) }
        say("queue get \(try await q.get())")
        try q.putNowait(11)
        AsyncIO.createTask { _ = try q.getNowait() }
        try await q.put(12)
        say("queue put")
        AsyncIO.createTask { _ = try q.getNowait(); for _ in 0..<3 { try q.taskDone() } }
        try await q.join()
        say("queue join")
        var produced: [Int] = []
        for try await v in AsyncIO.generator({ (yield: Yield<Int>) in try await yield(13); try await yield(14) }) {
            produced.append(v)
        }
        say("generator \(produced)")
        let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { reader, writer in
            writer.write(try await reader.readline())
            try await writer.drain()
            writer.close()
        }
        let (reader, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: server.addresses[0].port ?? 0)
        writer.write(Array("ping\n".utf8))
        try await writer.drain()
        say("stream \(String(decoding: try await reader.readline(), as: UTF8.self).trimmingCharacters(in: .newlines))")
        writer.close()
        try await writer.waitClosed()
        server.close()
        try await server.waitClosed()
        say("server closed")
        let udpServer = try await AsyncIO.openDatagramEndpoint(local: ("127.0.0.1", 0))
        let port = udpServer.localAddress?.port ?? 0
        let udpClient = try await AsyncIO.openDatagramEndpoint(remote: ("127.0.0.1", port))
        try await udpClient.send(Array("dgram".utf8))
        let (data, _) = try await udpServer.receive()
        say("datagram \(String(decoding: data, as: UTF8.self))")
        udpClient.close()
        udpServer.close()
        let n = try await AsyncIO.toThread { 15 }
        say("toThread \(n)")
    }
}

scenarios["idle-cpu"] = {
    let before = cpuSeconds()
    try AsyncIO.run { try await AsyncIO.sleep(1) }
    let used = cpuSeconds() - before
    say("idle: \(used < 0.2 ? "no CPU" : "busy (\(used) s of CPU in 1 s)")")
}

scenarios["immediate-yield"] = {
    let log = try AsyncIO.run { () -> [String] in
        var log: [String] = []
        let t = Task.immediate {
            log.append("immediate starts")
            try await AsyncIO.sleep(0)
            log.append("immediate resumes")
        }
        try await AsyncIO.sleep(0)
        log.append("main resumes")
        try await t.value
        return log
    }
    say(log.joined(separator: ", "))
}

scenarios["task-between-runs"] = {
    try AsyncIO.run { try await AsyncIO.sleep(0) }
    nonisolated(unsafe) var ran = false
    Task { ran = true }
    try AsyncIO.run { try await AsyncIO.sleep(0.01) }
    say("a Task made between runs \(ran ? "ran in the next run" : "did not run")")
}

scenarios["huge-task-sleep"] = {
    // In whole-program mode Task.sleep is timed by the loop: a sleep of 584 years made the
    // idle loop trap converting its timeout.
    try AsyncIO.run {
        let t = Task { try await Task.sleep(nanoseconds: .max) }
        try await AsyncIO.sleep(0.05)
        t.cancel()
        let r = await t.result
        say("Task.sleep(nanoseconds: .max): \((try? r.get()) == nil ? "cancelled" : "returned")")
    }
}

/// Open descriptors of this process.
func openDescriptors() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
}

/// Children of this process that ended but were never reaped.
func zombieChildren() -> Int {
    let me = getpid()
    var n = 0
    for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] where Int32(entry) != nil {
        guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { continue }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        if fields.count > 1, fields[0] == "Z", Int32(fields[1]) == me { n += 1 }
    }
    return n
}

scenarios["spawn-many"] = {
    // 10,000 children, 100 at a time: every pipe closed, every child reaped.
    try AsyncIO.run {
        let before = openDescriptors()
        let slots = try Semaphore(value: 100)
        var tasks: [LoopTask<Int32>] = []
        for i in 0..<10_000 {
            tasks.append(AsyncIO.createTask { () -> Int32 in
                try await slots.withLock {
                    let p = try await AsyncIO.createSubprocessExec(
                        "/bin/sh", ["-c", "exit $(( \(i) % 7 ))"], stdin: .devNull, stdout: .pipe)
                    _ = try await p.stdout?.read()
                    return try await p.wait()
                }
            })
        }
        let codes = try await AsyncIO.gather(tasks)
        let right = codes.enumerated().allSatisfy { $0.element == Int32($0.offset % 7) }
        let after = openDescriptors()
        say("10000 children: exit codes \(right ? "right" : "wrong"), descriptors \(after == before ? "unchanged" : "\(before) -> \(after)"), zombies \(zombieChildren())")
    }
}

// MARK: differential scenarios: each prints what `python/NAME.py` prints under CPython.

scenarios["ctrl_c"] = {
    // The test sends SIGINT once "ready" is printed (twice for the second-Ctrl-C test).
    do {
        try AsyncIO.run {
            AsyncIO.createTask {
                do {
                    try await AsyncIO.sleep(30)
                } catch is CancellationError {
                    say("worker cancelled")
                    throw CancellationError()
                }
            }
            do {
                say("ready")
                try await AsyncIO.sleep(30)
            } catch is CancellationError {
                say("main cancelled, cleaning up")
                try? await AsyncIO.sleep(0.05)
                say("cleanup done")
                throw CancellationError()
            }
        }
    } catch is KeyboardInterrupt {
        say("KeyboardInterrupt")
    }
}

scenarios["cancel_twice"] = {
    try AsyncIO.run {
        let t = AsyncIO.createTask { () -> String in
            do {
                try await AsyncIO.sleep(1)
            } catch is CancellationError {
                say("child: cancelled once")
                do {
                    try await AsyncIO.sleep(0.01)
                    say("child: the next await runs")
                } catch is CancellationError {
                    say("child: cancelled twice")
                }
            }
            return "done"
        }
        try await AsyncIO.sleep(0)
        t.cancel()
        t.cancel()
        say("cancelling \(t.cancelling())")
        say("result \(try await t.value)")

        // Two timeouts with one deadline: one cancellation reaches the body.
        var inner: TimeoutScope?
        var outer: TimeoutScope?
        do {
            try await AsyncIO.timeout(0.05) { o in
                outer = o
                do {
                    try await AsyncIO.timeout(0.05) { i in
                        inner = i
                        try await AsyncIO.sleep(1)
                    }
                } catch is TimeoutError {
                    say("inner: TimeoutError")
                } catch is CancellationError {
                    say("inner: cancelled")
                }
                try await AsyncIO.sleep(0)
                say("outer body goes on")
            }
        } catch is TimeoutError {
            say("outer: TimeoutError")
        }
        say("\(inner.map { "\($0)" } ?? "nil") \(outer.map { "\($0)" } ?? "nil")")
        say("cancelling \(AsyncIO.currentTask()?.cancelling() ?? -1)")
    }
}

scenarios["done_order"] = {
    // The waiters are nonisolated (`@concurrent`): a task whose body is isolated to the
    // main actor starts on the loop and switches to the main actor first, which takes
    // one more loop step than asyncio's first step (see the README).
    try AsyncIO.run {
        let loop = try AsyncIO.runningLoop()
        let fut: Future<Void> = loop.createFuture()
        fut.addDoneCallback { _ in say("future callback 1") }
        let w1 = AsyncIO.createTask { @concurrent in try await fut.value; say("waiter 1") }
        try await AsyncIO.sleep(0)
        fut.addDoneCallback { _ in say("future callback 2") }
        let w2 = AsyncIO.createTask { @concurrent in try await fut.value; say("waiter 2") }
        try await AsyncIO.sleep(0)
        try fut.setResult(())
        _ = try await AsyncIO.gather([w1, w2])

        let task = AsyncIO.createTask { try await AsyncIO.sleep(0.01) }
        task.addDoneCallback { _ in say("task callback 1") }
        let w3 = AsyncIO.createTask { @concurrent in try await task.value; say("waiter 3") }
        try await AsyncIO.sleep(0)
        task.addDoneCallback { _ in say("task callback 2") }
        let w4 = AsyncIO.createTask { @concurrent in try await task.value; say("waiter 4") }
        _ = try await AsyncIO.gather([w3, w4])
    }
}

scenarios["wait_edges"] = {
    try AsyncIO.run {
        let cancelled = AsyncIO.createTask { try await AsyncIO.sleep(1) }
        let failing = AsyncIO.createTask { () -> Void in
            try await AsyncIO.sleep(0.05)
            throw Boom()
        }
        let sleeper = AsyncIO.createTask { try await AsyncIO.sleep(1) }
        try await AsyncIO.sleep(0)
        cancelled.cancel()
        let (done, pending) = try await AsyncIO.wait([cancelled, failing, sleeper], returnWhen: .firstException)
        _ = try failing.error()  // looked at: not reported as never retrieved
        say("done \(done.count) pending \(pending.count) failing done \(done.contains { $0 === failing } ? "True" : "False")")
        sleeper.cancel()
        do {
            _ = try await AsyncIO.wait([LoopTask<Void>]())
        } catch let e as ValueError {
            say("ValueError: \(e.message)")
        }
    }
}

scenarios["timeout_repr"] = {
    try AsyncIO.run {
        var t: TimeoutScope?
        try await AsyncIO.timeout(nil) { s in
            t = s
            say("\(s)")
        }
        say(t.map { "\($0)" } ?? "nil")
        do {
            try await AsyncIO.timeout(0.01) { s in
                t = s
                do {
                    try await AsyncIO.sleep(1)
                } catch is CancellationError {
                    say("\(s)")
                    throw CancellationError()
                }
            }
        } catch is TimeoutError {
            say("TimeoutError \(t.map { "\($0)" } ?? "nil")")
        }
    }
}

guard let name = CommandLine.arguments.dropFirst().first, let s = scenarios[name] else {
    say("usage: AsyncIOScenarios \(scenarios.keys.sorted().joined(separator: "|"))")
    exit(2)
}
do { try s() } catch { say("error: \(error)") }
