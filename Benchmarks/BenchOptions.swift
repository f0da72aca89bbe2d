// The command line of `asyncio bench`.

/// A workload, by bench.py's name.
enum Workload: String, CaseIterable {
    case spawn, yield, timers
    case idleMemory = "idle_memory"
    case pingpong
    case toThread = "to_thread"
    /// Ours only: tasks contending for one Lock.
    case lock
    /// Ours only: CPU-bound calls on the pool, parallel vs sequential.
    case cpuParallel = "cpu_parallel"
    /// Ours only: one `AsyncIO.wait` over N tasks that each yield once (issue 9).
    case wait
    /// Ours only: N × 32-byte writes buffered while the peer does not read, then flushed.
    case smallWrites = "small_writes"
    /// Ours only: N children of /bin/true spawned and reaped, 100 in flight (issue 10).
    case processes
    /// Ours only: N bytes through one `cat` child, 256 KiB writes, stdout read to EOF (issue 10).
    case pipeThroughput = "pipe_throughput"
    /// Serves TCP echo until killed (for loadgen; prints nothing).
    case echoServer = "echo-server"

    /// bench.py's `DEFAULT_N`.
    var defaultN: Int {
        switch self {
        case .spawn: Spawn.defaultN
        case .yield: Yield.defaultN
        case .timers: Timers.defaultN
        case .idleMemory: IdleMemory.defaultN
        case .pingpong: PingPong.defaultN
        case .toThread: ToThreadBench.defaultN
        case .lock: LockContention.defaultN
        case .cpuParallel: CPUParallel.defaultN
        case .wait: WaitBench.defaultN
        case .smallWrites: SmallWrites.defaultN
        case .processes: ProcessesBench.defaultN
        case .pipeThroughput: PipeThroughput.defaultN
        case .echoServer: 0
        }
    }
}

/// Where the workload runs: the library's loop, or Swift's default executor.
enum Runtime: String, CaseIterable {
    case swiftAsyncio = "swift-asyncio"
    case swiftDefault = "swift-default"

    var workloads: [Workload] {
        switch self {
        case .swiftAsyncio: Workload.allCases
        case .swiftDefault: [.spawn, .yield]
        }
    }
}

/// Parsed arguments of `asyncio bench`.
struct BenchOptions {
    var workload: Workload
    var runtime = Runtime.swiftAsyncio
    var n: Int?
    var json = false
    /// echo-server only.
    var api = EchoServer.API.streams
    var port = 8888

    enum Parsed {
        case run(BenchOptions)
        case help
        case invalid(String)
    }

    static let usage = """
        usage: asyncio bench --workload NAME [--n N] [--runtime swift-asyncio|swift-default] [--json]
               asyncio bench --workload echo-server --api streams|protocol --port P
          --workload   \(Workload.allCases.map(\.rawValue).joined(separator: ", "))
          --n          work items (default: spawn 200000, yield 1000000, timers 100000, idle_memory 100000,
                       wait 100000, small_writes 400000, processes 2000,
                       pipe_throughput 1073741824 bytes)
          --runtime    swift-asyncio (the library's loop, default) or swift-default
                       (Swift's default executor; spawn and yield only)
          --json       print only the JSON line
          --api, --port  echo-server only: streams|protocol (default streams), port (default 8888)
        """

    static func parse(_ args: [String]) -> Parsed {
        var workload: Workload?
        var runtime = Runtime.swiftAsyncio
        var n: Int?
        var json = false
        var api = EchoServer.API.streams
        var port = 8888
        var it = args.makeIterator()
        while let arg = it.next() {
            // Accept both `--flag value` and `--flag=value`.
            var name = arg
            var inline: String?
            if arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") {
                name = String(arg[..<eq])
                inline = String(arg[arg.index(after: eq)...])
            }
            func value() -> String? { inline ?? it.next() }
            switch name {
            case "-h", "--help":
                return .help
            case "--json":
                json = true
            case "--workload":
                guard let v = value() else { return .invalid("--workload needs a value") }
                guard let w = Workload(rawValue: v) else {
                    return .invalid("unknown workload '\(v)' (choose from \(Workload.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                workload = w
            case "--runtime":
                guard let v = value() else { return .invalid("--runtime needs a value") }
                guard let r = Runtime(rawValue: v) else {
                    return .invalid("unknown runtime '\(v)' (choose from swift-asyncio, swift-default)")
                }
                runtime = r
            case "--api":
                guard let v = value(), let a = EchoServer.API(rawValue: v) else {
                    return .invalid("--api takes streams or protocol")
                }
                api = a
            case "--port":
                guard let v = value(), let p = Int(v), (0...65535).contains(p) else {
                    return .invalid("--port takes a port number")
                }
                port = p
            case "--n":
                guard let v = value() else { return .invalid("--n needs a value") }
                guard let k = Int(v), k > 0 else { return .invalid("--n must be a positive integer, not '\(v)'") }
                n = k
            default:
                return .invalid("unknown argument '\(arg)'")
            }
        }
        guard let workload else { return .invalid("--workload is required") }
        guard runtime.workloads.contains(workload) else {
            return .invalid("\(runtime.rawValue) measures only \(runtime.workloads.map(\.rawValue).joined(separator: ", "))")
        }
        return .run(BenchOptions(workload: workload, runtime: runtime, n: n, json: json, api: api, port: port))
    }
}
