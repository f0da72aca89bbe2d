// `asyncio bench`: one workload, one JSON line.
import AsyncIO
#if canImport(Glibc)
import Glibc
#endif

/// `asyncio bench --workload NAME [--n N] [--runtime swift-asyncio|swift-default] [--json]`
///
/// Runs one of bench.py's workloads (`spawn`, `yield`, `timers`, `idle_memory`) once and
/// prints bench.py's line: `{runtime, workload, n, seconds, ops_per_sec, peak_rss_mb, ...}`
/// (with `--json` as JSON, else as bench.py's two-column table). `swift-default` runs
/// `spawn` and `yield` on Swift's default executor instead of the library's loop.
/// Exit codes: 0 done, 1 the workload failed, 2 bad arguments.
public enum BenchCommand {
    public static func main(_ args: [String]) -> Int32 {
        let options: BenchOptions
        switch BenchOptions.parse(args) {
        case .run(let o): options = o
        case .help:
            print(BenchOptions.usage)
            return 0
        case .invalid(let message):
            writeError("asyncio bench: \(message)\n\(BenchOptions.usage)\n")
            return 2
        }
        if options.workload == .echoServer {
            do {
                try EchoServer.serve(api: options.api, port: options.port)
                return 0
            } catch {
                writeError("asyncio bench: echo-server failed: \(error)\n")
                return 1
            }
        }
        let n = options.n ?? options.workload.defaultN
        let measurement: Measurement
        do {
            measurement = try run(options.workload, options.runtime, n)
        } catch {
            writeError("asyncio bench: \(options.workload.rawValue) failed: \(error)\n")
            return 1
        }
        var line = JSONLine(runtime: options.runtime.rawValue, workload: options.workload.rawValue, n: n,
                            measurement: measurement, peakRSSMB: peakRSSMegabytes())
        if options.runtime == .swiftAsyncio {
            line.fields.append(("whole_program", .bool(wholeProgramMode())))
        }
        print(options.json ? line.json : line.table)
        return 0
    }

    static func run(_ workload: Workload, _ runtime: Runtime, _ n: Int) throws -> Measurement {
        switch (runtime, workload) {
        case (.swiftAsyncio, .spawn): return try Spawn.onLoop(n)
        case (.swiftAsyncio, .yield): return try Yield.onLoop(n)
        case (.swiftAsyncio, .timers): return try Timers.onLoop(n)
        case (.swiftAsyncio, .idleMemory): return try IdleMemory.onLoop(n)
        case (.swiftAsyncio, .pingpong): return try PingPong.onLoop(n)
        case (.swiftAsyncio, .toThread): return try ToThreadBench.onLoop(n)
        case (.swiftAsyncio, .lock): return try LockContention.onLoop(n)
        case (.swiftAsyncio, .cpuParallel): return try CPUParallel.onLoop(n)
        case (.swiftAsyncio, .wait): return try WaitBench.onLoop(n)
        case (.swiftAsyncio, .smallWrites): return try SmallWrites.onLoop(n)
        case (.swiftAsyncio, .processes): return try ProcessesBench.onLoop(n)
        case (.swiftAsyncio, .pipeThroughput): return try PipeThroughput.onLoop(n)
        case (.swiftAsyncio, .echoServer): throw BenchFailure("echo-server serves; it is not measured here")
        case (.swiftDefault, .spawn): return try Spawn.onDefaultExecutor(n)
        case (.swiftDefault, .yield): return try Yield.onDefaultExecutor(n)
        case (.swiftDefault, _):
            throw BenchFailure("not measured on swift-default")  // refused by BenchOptions
        }
    }

    /// Whether the loop is the process's default executor (a plain `Task {}` started in
    /// `AsyncIO.run` runs on the loop's thread): the configuration being measured.
    static func wholeProgramMode() -> Bool {
        (try? AsyncIO.run {
            await Task { () async -> Bool in onMainThread() && (try? AsyncIO.runningLoop()) != nil }.value
        }) ?? false
    }

    static func writeError(_ text: String) {
        var t = text
        t.withUTF8 { buf in _ = write(2, buf.baseAddress, buf.count) }
    }
}
