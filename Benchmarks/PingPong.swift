// `pingpong`: two tasks pass an int through two queues of capacity 1.
import AsyncIO

/// bench.py's `pingpong` (asyncio: `Queue(1)` each way). ops = round trips/s.
enum PingPong {
    static let defaultN = 500_000

    static func onLoop(_ n: Int) throws -> Measurement {
        try AsyncIO.run {
            let ping = Queue<Int>(maxsize: 1)
            let pong = Queue<Int>(maxsize: 1)
            let t0 = monotonicNow()
            let ponger = AsyncIO.createTask {
                for _ in 0..<n { try await pong.put(try await ping.get() + 1) }
            }
            var v = 0
            for _ in 0..<n {
                try await ping.put(v)
                v = try await pong.get()
            }
            try await ponger.value
            let dt = monotonicNow() - t0
            guard v == n else { throw BenchFailure("pingpong ended at \(v), expected \(n)") }
            return Measurement(seconds: dt)
        }
    }
}
