// `cpu_parallel`: the seeds' cpu_heavy_work on the thread pool, in parallel vs one by one.
import AsyncIO
#if canImport(Glibc)
import Glibc
#endif

/// Ours only (CPython's GIL serialises this in threads): `calls` CPU-bound calls (a
/// dependent integer chain of n steps, like the seeds' `sum(i * i …)`) run one after another on the loop's thread, then all
/// at once on a `ThreadPool` with one thread per core. `seconds` is the parallel run;
/// `speedup` = sequential ÷ parallel. ops = calls/s.
enum CPUParallel {
    static let defaultN = 100_000_000

    /// A dependent chain (each step needs the last), so the optimizer can neither fold
    /// it into a formula nor vectorise it.
    static func heavy(_ n: Int) -> UInt64 {
        var s: UInt64 = 0x9E37_79B9_7F4A_7C15
        for i in 0..<UInt64(n) { s = (s &* 6_364_136_223_846_793_005 &+ i) ^ (s >> 17) }
        return s
    }

    static func onLoop(_ n: Int) throws -> Measurement {
        let cores = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let calls = max(2, cores) * 2
        return try AsyncIO.run {
            let loop = try AsyncIO.runningLoop()
            let t0 = monotonicNow()
            var expected: [UInt64] = []
            for _ in 0..<calls { expected.append(heavy(n)) }
            let sequential = monotonicNow() - t0
            let pool = ThreadPool(maxWorkers: max(1, cores))
            let t1 = monotonicNow()
            let results = try await AsyncIO.gather((0..<calls).map { _ in
                { @Sendable () async throws -> UInt64 in try await loop.runInExecutor(pool) { heavy(n) } }
            })
            let parallel = monotonicNow() - t1
            pool.shutdown(wait: true)
            guard results == expected else { throw BenchFailure("parallel results differ") }
            return Measurement(seconds: parallel, extra: [
                ("calls", .int(calls)), ("threads", .int(max(1, cores))),
                ("sequential_s", .number(sequential)), ("speedup", .number(sequential / parallel)),
            ])
        }
    }
}
