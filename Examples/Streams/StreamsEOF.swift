import AsyncIO

/// Issue 4, stream semantics: `readline`, `readuntil` and `readexactly` when the stream
/// ends first (`IncompleteReadError` with `partial` and `expected`). A local server sends
/// a fixed payload for each request, then closes (EOF). Python twin: `python/streams_eof.py`.
public enum StreamsEOF {
    nonisolated static let payloads: [String: [UInt8]] = [
        "lines": Array("line one\nline two without a newline".utf8),
        "short": Array("abcdefg".utf8),
    ]

    static func servePayload(_ reader: StreamReader, _ writer: StreamWriter) async throws {
        let name = text(try await reader.readline()).trimmingCharacters(in: "\n")
        writer.write(payloads[name] ?? [])
        try await writer.drain()
        writer.close()
        try await writer.waitClosed()
    }

    static func openPayload(port: Int, _ name: String) async throws -> (StreamReader, StreamWriter) {
        let (reader, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: port)
        writer.write("\(name)\n")
        try await writer.drain()
        return (reader, writer)
    }

    static func done(_ writer: StreamWriter) async throws {
        writer.close()
        try await writer.waitClosed()
    }

    /// `None` or the number, as Python prints `e.expected`.
    nonisolated static func expected(_ e: IncompleteReadError) -> String {
        e.expected.map { "\($0)" } ?? "None"
    }

    public static func run() throws {
        try AsyncIO.run {
            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { reader, writer in
                try await servePayload(reader, writer)
            }
            let port = server.addresses[0].port ?? 0

            // A complete line, then a last line with no newline before the EOF.
            var (reader, writer) = try await openPayload(port: port, "lines")
            print("readline: \(pyBytes(try await reader.readline()))")
            do {
                _ = try await reader.readuntil([0x0A])
            } catch let e as IncompleteReadError {
                print("readuntil: \(e)")
                print("  partial=\(pyBytes(e.partial)) expected=\(expected(e))")
            }
            print("readline at EOF: \(pyBytes(try await reader.readline()))")
            do {
                _ = try await reader.readexactly(4)
            } catch let e as IncompleteReadError {
                print("readexactly(4) at EOF: partial=\(pyBytes(e.partial)) expected=\(expected(e))")
            }
            print("read() at EOF: \(pyBytes(try await reader.read())), at_eof: \(py(reader.atEOF))")
            try await done(writer)

            // Seven bytes, then EOF: readexactly(10) hands back the seven it got.
            (reader, writer) = try await openPayload(port: port, "short")
            do {
                _ = try await reader.readexactly(10)
            } catch let e as IncompleteReadError {
                print("readexactly(10): \(e)")
                print("  partial=\(pyBytes(e.partial)) expected=\(expected(e))")
            }
            try await done(writer)

            // A last line without a newline: readline returns it as it is.
            (reader, writer) = try await openPayload(port: port, "lines")
            var lines: [[UInt8]] = []
            for try await line in reader.lines { lines.append(line) }
            print("lines: \(pyBytesList(lines))")
            try await done(writer)

            server.close()
            try await server.waitClosed()
        }
    }
}

extension String {
    /// Without leading and trailing characters from `set` (Python's `str.strip(chars)`).
    nonisolated func trimmingCharacters(in set: String) -> String {
        var s = Substring(self)
        while let f = s.first, set.contains(f) { s.removeFirst() }
        while let l = s.last, set.contains(l) { s.removeLast() }
        return String(s)
    }
}
