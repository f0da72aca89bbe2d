import AsyncIO

/// Seed 003, "Wrapping blocking code": CPU-bound work goes to an executor. Python needs a
/// `ProcessPoolExecutor` to get past the GIL; Swift has no GIL, so a `ThreadPool` runs the
/// calls in parallel on different cores. Only the results are printed (how much faster
/// the pool is depends on the machine). Python twin: `python/cpu_heavy_work.py`.
public enum CpuHeavyWork {
    /// Simulates CPU-bound computation: `sum(i * i for i in range(n))`. The total for 10
    /// million passes `Int.max` (Python's integers have no bound), so it is an `Int128`.
    /// The squares are summed in `UInt64` blocks of 1024 first (no overflow for `n` up to
    /// 2^26): `Int128` arithmetic and range iteration are slow in a debug build.
    nonisolated static func cpuHeavyWork(_ n: Int) -> Int128 {
        precondition(n >= 0 && n <= 1 << 26)
        var total: Int128 = 0
        var i: UInt64 = 0
        let end = UInt64(n)
        while i < end {
            let blockEnd = min(end, i &+ 1024)
            var block: UInt64 = 0
            while i < blockEnd {
                block &+= i &* i
                i &+= 1
            }
            total += Int128(block)
        }
        return total
    }

    /// `1_000_000`, as Python's `f"{n:_}"` prints it.
    nonisolated static func underscored(_ n: Int) -> String {
        var digits = Array(String(n))
        var i = digits.count - 3
        while i > 0 {
            digits.insert("_", at: i)
            i -= 3
        }
        return String(digits)
    }

    public static func run() throws {
        try AsyncIO.run {
            let loop = try AsyncIO.runningLoop()
            let pool = ThreadPool(maxWorkers: 2)
            defer { pool.shutdown(wait: true) }  // `with ProcessPoolExecutor() as pool`

            let result = try await loop.runInExecutor(pool) { cpuHeavyWork(10_000_000) }
            print("Result: \(result)")

            // Four calls on a two-thread pool, gathered: the results come back in order.
            let sizes = [250_000, 500_000, 750_000, 1_000_000]
            let results = try await AsyncIO.gather(sizes.map { n in
                AsyncIO.createTask { try await loop.runInExecutor(pool) { cpuHeavyWork(n) } }
            })
            for (n, r) in zip(sizes, results) {
                print("cpu_heavy_work(\(underscored(n))) = \(r)")
            }
        }
    }
}
