// `small_writes`: N writes of 32 bytes buffered while the peer does not read, then flushed.
import AsyncIO
#if canImport(Glibc)
import Glibc
#endif

/// Ours (issue 9): one connection over a Unix socket (its send buffer takes only the
/// first few small writes, so the rest wait in the transport's buffer). The writer makes
/// N writes of 32 bytes while the reader reads nothing; then the reader drains it all.
/// `seconds` = the flush: from the last write until the reader has every byte;
/// `write_s` = the N write calls; `buffered_mb` = what waited in the transport's buffer;
/// `max_stall_ms` = the longest gap between the wake-ups of a 1 ms ticker during the
/// flush (how long the loop was held). It was quadratic (one array per write, one `send`
/// per write, `removeFirst` on an array): linear means the flush at 10×N takes about 10×
/// as long. ops = writes flushed per second.
enum SmallWrites {
    static let defaultN = 400_000
    static let pieceSize = 32

    static func onLoop(_ n: Int) throws -> Measurement {
        let path = "/tmp/asyncio-bench-small-writes-\(getpid()).sock"
        return try AsyncIO.run {
            let loop = try AsyncIO.runningLoop()
            let total = n * pieceSize
            let go = Event()
            let received: Future<Int> = loop.createFuture()
            let server = try await AsyncIO.startUnixServer(path: path) { reader, _ in
                try await go.wait()  // the slow peer: nothing is read until every write is made
                var got = 0
                while got < total {
                    let chunk = try await reader.read(256 * 1024)
                    if chunk.isEmpty { break }
                    got += chunk.count
                }
                try received.setResult(got)
            }
            let (_, writer) = try await AsyncIO.openUnixConnection(path: path)
            let piece = [UInt8](repeating: 0x2A, count: pieceSize)
            let t0 = monotonicNow()
            for _ in 0..<n { writer.write(piece) }
            let t1 = monotonicNow()
            let buffered = writer.transport.writeBufferSize
            let ticker = AsyncIO.createTask { () -> Double in
                var longest = 0.0
                var last = monotonicNow()
                while !received.isDone {
                    try await AsyncIO.sleep(0.001)
                    let t = monotonicNow()
                    longest = max(longest, t - last)
                    last = t
                }
                return longest
            }
            go.set()
            let got = try await received.value
            let t2 = monotonicNow()
            let stall = try await ticker.value
            writer.close()
            server.close()
            try await server.waitClosed()
            guard got == total else { throw BenchFailure("the reader got \(got) bytes of \(total)") }
            return Measurement(seconds: t2 - t1, extra: [
                ("write_s", .number(t1 - t0)),
                ("buffered_mb", .number(Double(buffered) / 1_048_576)),
                ("max_stall_ms", .number(stall * 1000)),
            ])
        }
    }
}
