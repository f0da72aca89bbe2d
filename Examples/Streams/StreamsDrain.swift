import AsyncIO

#if canImport(Glibc)
import Glibc
#endif

/// Issue 4, stream semantics: `drain()` with a slow reader. The server writes 16 MiB at
/// once; the client does not read for a second, so the kernel's socket buffers fill (a few
/// MiB on loopback) and the rest waits in the writer's buffer, far above its high-water
/// mark (64 KiB): `drain()` waits. Once the client reads, the buffer empties and `drain()`
/// returns. Python twin: `python/streams_drain.py`.
public enum StreamsDrain {
    nonisolated static let size = 16 * 1024 * 1024

    /// `bytes(range(256)) * (size // 256)`.
    nonisolated static func makeData() -> [UInt8] {
        let block = (0..<256).map { UInt8($0) }
        var data: [UInt8] = []
        data.reserveCapacity(size)
        for _ in 0..<size / 256 { data += block }
        return data
    }

    /// Byte-for-byte equality with `memcmp` (an element loop is slow in a debug build).
    nonisolated static func same(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        a.count == b.count && a.withUnsafeBytes { pa in
            b.withUnsafeBytes { pb in memcmp(pa.baseAddress!, pb.baseAddress!, a.count) == 0 }
        }
    }

    public static func run() throws {
        try AsyncIO.run {
            let loop = try AsyncIO.runningLoop()
            let data = makeData()
            let writing = loop.createFuture(of: Void.self)  // set when the server waits in drain()
            let drained = loop.createFuture(of: Void.self)  // set when drain() returned

            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { reader, writer in
                writer.write(data)
                let buffered = writer.transport.writeBufferSize
                print("writer: wrote \(size) bytes; over the high-water mark: \(py(buffered > 64 * 1024))")
                print("writer: waiting in drain()")
                try writing.setResult(())
                try await writer.drain()
                print("writer: drain() returned")
                try drained.setResult(())
                writer.close()
                try await writer.waitClosed()
            }
            let port = server.addresses[0].port ?? 0
            let (reader, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: port)

            try await writing.value
            try await AsyncIO.sleep(scaled(1))  // a slow reader: nothing read for a second
            print("reader: 1 s without reading; drain() still waiting: \(py(!drained.isDone))")
            print("reader: reading")
            var received: [UInt8] = []
            received.reserveCapacity(size)
            while received.count < size {
                let chunk = try await reader.read(64 * 1024)
                if chunk.isEmpty { break }
                received += chunk
            }
            print("reader: got \(received.count) bytes, intact: \(py(same(received, data)))")
            let eof = try await reader.read().isEmpty
            print("reader: then EOF: \(py(eof)); drain() had returned: \(py(drained.isDone))")
            writer.close()
            try await writer.waitClosed()
            server.close()
            try await server.waitClosed()
        }
    }
}
