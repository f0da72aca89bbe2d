// Helpers shared by the workloads: the clock, memory readings, a measurement's result.
#if canImport(Glibc)
import Glibc
#endif

/// What one workload returns: the seconds the work took (nothing else is timed) and its
/// extra JSON fields, in print order (bench.py's `extra` dict).
struct Measurement: Sendable {
    var seconds: Double
    /// The rate field printed instead of `ops_per_sec` (`pipe_throughput`: `mib_per_sec`).
    var rate: (name: String, value: Double)? = nil
    var extra: [(String, JSONValue)] = []
}

/// A failed self-check inside a workload (a wrong sum, the wrong executor).
struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// CLOCK_MONOTONIC in seconds: what bench.py's `time.perf_counter()` reads on Linux.
@inline(__always)
func monotonicNow() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// A `kB` field of /proc/self/status (VmRSS, VmHWM, Threads…), in its own unit; 0 if absent.
func procStatusField(_ key: String) -> Int {
    let fd = open("/proc/self/status", O_RDONLY)
    guard fd >= 0 else { return 0 }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
        let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if got <= 0 { break }
        bytes.append(contentsOf: chunk[0..<got])
    }
    let prefix = key + ":"
    for line in String(decoding: bytes, as: UTF8.self).split(separator: "\n") where line.hasPrefix(prefix) {
        return Int(line.dropFirst(prefix.count).filter(\.isNumber)) ?? 0
    }
    return 0
}

/// Resident set size now, in bytes (bench.py's `rss_bytes()`).
func rssBytes() -> Int { procStatusField("VmRSS") * 1024 }

/// Peak resident set size of the process so far, in MiB (bench.py: `ru_maxrss / 1024`).
func peakRSSMegabytes() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_maxrss) / 1024
}

/// Whether the caller runs on the process's main thread: its kernel thread id (read from
/// the `/proc/thread-self` link, "PID/task/TID") equals the process id. For one-off checks.
func onMainThread() -> Bool {
    var buf = [CChar](repeating: 0, count: 64)
    let len = readlink("/proc/thread-self", &buf, buf.count - 1)
    guard len > 0 else { return false }
    let path = String(decoding: buf[0..<len].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    guard let tid = path.split(separator: "/").last.flatMap({ Int32($0) }) else { return false }
    return tid == getpid()
}

/// bench.py's `lateness_stats`: p50, p99 (nearest rank, `int(p * n)`), max and min, in ms.
func latenessStats(_ lateSeconds: [Double]) -> [(String, JSONValue)] {
    let xs = lateSeconds.sorted()
    guard let first = xs.first, let last = xs.last else { return [] }
    func pick(_ p: Double) -> Double { xs[min(xs.count - 1, Int(p * Double(xs.count)))] * 1e3 }
    return [("late_p50_ms", .number(pick(0.50))), ("late_p99_ms", .number(pick(0.99))),
            ("late_max_ms", .number(last * 1e3)), ("late_min_ms", .number(first * 1e3))]
}
