import AsyncIO

/// Issue 4, stream semantics: a reader opened with `limit: 16`. `readuntil` throws
/// `LimitOverrunError` and leaves the data buffered; `readline` throws it too (Python's
/// readline raises `ValueError` with the same message: both twins print "limit overrun")
/// and drops the long line (or the whole buffer when no newline was found).
/// Python twin: `python/streams_limit.py`.
public enum StreamsLimit {
    nonisolated static let payloads: [String: [UInt8]] = [
        // the newline is 20 bytes in, past the limit of 16
        "long-line": Array("0123456789abcdefghij\nshort\n".utf8),
        // 40 bytes and no newline at all
        "no-newline": [UInt8](repeating: UInt8(ascii: "x"), count: 40),
    ]

    static func servePayload(_ reader: StreamReader, _ writer: StreamWriter) async throws {
        let name = text(try await reader.readline()).trimmingCharacters(in: "\n")
        writer.write(payloads[name] ?? [])  // one write: it arrives in one piece on loopback
        try await writer.drain()
        writer.close()
        try await writer.waitClosed()
    }

    static func openPayload(port: Int, _ name: String) async throws -> (StreamReader, StreamWriter) {
        let (reader, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: port, limit: 16)
        writer.write("\(name)\n")
        try await writer.drain()
        return (reader, writer)
    }

    static func tryReaduntil(_ reader: StreamReader) async throws {
        do {
            print("readuntil: \(pyBytes(try await reader.readuntil([0x0A])))")
        } catch let e as LimitOverrunError {
            print("readuntil: \(e)")
        }
    }

    static func tryReadline(_ reader: StreamReader) async throws {
        do {
            print("readline: \(pyBytes(try await reader.readline()))")
        } catch let e as LimitOverrunError {
            print("readline: limit overrun: \(e.message)")
        }
    }

    static func done(_ writer: StreamWriter) async throws {
        writer.close()
        try await writer.waitClosed()
    }

    public static func run() throws {
        try AsyncIO.run {
            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { reader, writer in
                try await servePayload(reader, writer)
            }
            let port = server.addresses[0].port ?? 0

            print("-- a 21-byte line, then a short one")
            var (reader, writer) = try await openPayload(port: port, "long-line")
            try await tryReaduntil(reader)  // the data stays buffered
            try await tryReaduntil(reader)  // so it fails again
            try await tryReadline(reader)  // the long line is dropped
            try await tryReadline(reader)
            try await tryReadline(reader)
            try await done(writer)

            print("-- 40 bytes, no newline")
            (reader, writer) = try await openPayload(port: port, "no-newline")
            try await tryReaduntil(reader)
            try await tryReadline(reader)  // the whole buffer is dropped
            try await tryReadline(reader)  // then EOF
            try await done(writer)

            print("-- the same 40 bytes: readexactly and read are not limited")
            (reader, writer) = try await openPayload(port: port, "no-newline")
            print("readexactly(30): \(try await reader.readexactly(30).count) bytes")
            print("read(): \(pyBytes(try await reader.read()))")
            try await done(writer)

            server.close()
            try await server.waitClosed()
        }
    }
}
