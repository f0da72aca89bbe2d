// `processes` and `pipe_throughput`: children spawned and reaped, bytes through a `cat` (issue 10).
import AsyncIO

/// Ours (issue 10): spawn and reap N children of `/bin/true`, at most `inFlight` (100) at
/// a time: N tasks each take a `Semaphore(100)` permit, `createSubprocessExec("/bin/true")`
/// and `wait()` for it (stdio inherited). `seconds` = from the first task created until
/// every child is reaped. asyncio twin (`scripts/processes.py`): `async with sem:` around
/// `create_subprocess_exec` + `wait()`, gathered. ops = processes/s.
enum ProcessesBench {
    static let defaultN = 2000
    static let inFlight = 100
    static let program = "/bin/true"

    static func onLoop(_ n: Int) throws -> Measurement {
        try AsyncIO.run {
            let sem = try Semaphore(value: inFlight)
            let t0 = monotonicNow()
            let tasks = (0..<n).map { _ in
                AsyncIO.createTask { () async throws -> Int32 in
                    try await sem.withLock {
                        let p = try await AsyncIO.createSubprocessExec(program)
                        return try await p.wait()
                    }
                }
            }
            let codes = try await AsyncIO.gather(tasks)
            let dt = monotonicNow() - t0
            let failed = codes.filter { $0 != 0 }.count
            guard failed == 0 else { throw BenchFailure("\(failed) of \(n) children exited non-zero") }
            return Measurement(seconds: dt, extra: [("in_flight", .int(inFlight))])
        }
    }
}

/// Ours (issue 10): push N bytes (default 1 GiB) through one `cat`: write its stdin in
/// 256 KiB chunks, `drain()` after each, then close it; a second task reads its stdout
/// (`read(256 KiB)`) until EOF and counts. `seconds` = from the spawn until the child is
/// reaped. asyncio twin in `scripts/processes.py`. Rate = MiB/s (`mib_per_sec`).
enum PipeThroughput {
    static let defaultN = 1 << 30
    static let chunkSize = 256 * 1024

    static func onLoop(_ n: Int) throws -> Measurement {
        try AsyncIO.run {
            let t0 = monotonicNow()
            let p = try await AsyncIO.createSubprocessExec("cat", stdin: .pipe, stdout: .pipe)
            guard let stdin = p.stdin, let stdout = p.stdout else { throw BenchFailure("no pipes") }
            let counter = AsyncIO.createTask { () async throws -> Int in
                var got = 0
                while true {
                    let chunk = try await stdout.read(chunkSize)
                    if chunk.isEmpty { return got }
                    got += chunk.count
                }
            }
            let chunk = [UInt8](repeating: 0x61, count: chunkSize)
            var sent = 0
            while sent < n {
                let k = min(chunkSize, n - sent)
                stdin.write(k == chunkSize ? chunk : Array(chunk[..<k]))
                try await stdin.drain()
                sent += k
            }
            stdin.close()
            let got = try await counter.value
            let code = try await p.wait()
            let dt = monotonicNow() - t0
            guard got == n, code == 0 else { throw BenchFailure("cat gave \(got) bytes of \(n), exit \(code)") }
            return Measurement(seconds: dt, rate: ("mib_per_sec", Double(n) / 1_048_576 / dt),
                               extra: [("chunk_kib", .int(chunkSize / 1024))])
        }
    }
}
