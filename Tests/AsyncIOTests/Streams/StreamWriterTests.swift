import Testing
@testable import AsyncIO
#if canImport(Glibc)
import Glibc
#endif

/// The write buffer: small writes made while the peer is slow are coalesced, and flushed
/// a socketful per `send`, in order.
///
/// In the robustness suite's serialized line: a test there counts the process's open
/// descriptors, and this one holds three open for a second.
extension StreamsRobustnessTests {
    /// The 32 bytes of write `i`: distinct enough that a reordering or a lost write shows.
    static func piece(_ i: Int) -> [UInt8] {
        (0..<32).map { j in UInt8(truncatingIfNeeded: i &* 31 &+ j) }
    }

    @Test func manySmallWritesArriveIntactAndGoOutTogether() async throws {
        let n = 50_000
        // A Unix socket: its small send buffer (charged per packet) takes only the first
        // few writes, so the rest waits in the transport's buffer whatever TCP autotuning does.
        let path = "/tmp/asyncio-test-writer-\(getpid()).sock"
        let (buffered, sends, received) = try await AsyncIO.runOnNewThread { () -> (Int, Int, [UInt8]) in
            let loop = try AsyncIO.runningLoop()
            let go = Event()
            let all: Future<[UInt8]> = loop.createFuture()
            let server = try await AsyncIO.startUnixServer(path: path) { reader, _ in
                try await go.wait()  // the peer is slow: nothing is read until every write is made
                var got: [UInt8] = []
                while true {
                    let chunk = try await reader.read(64 * 1024)
                    if chunk.isEmpty { break }
                    got += chunk
                }
                try all.setResult(got)
            }
            let (_, writer) = try await AsyncIO.openUnixConnection(path: path)
            let sendsBefore = writer.transport.sendCalls
            for i in 0..<n { writer.write(Self.piece(i)) }
            let buffered = writer.transport.writeBufferSize
            go.set()
            writer.close()
            let got = try await all.value
            server.close()
            return (buffered, writer.transport.sendCalls - sendsBefore, got)
        }
        #expect(buffered > 256 * 1024)  // most of the 1.6 MB waited in the buffer
        #expect(received == (0..<n).flatMap { Self.piece($0) })
        // One send per write would be 50,000: buffered writes go out a socketful at a time.
        #expect(sends < n / 10)
    }
}
