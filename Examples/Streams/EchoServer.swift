import AsyncIO

/// Issue 4 (the seeds' network examples): an echo server and three clients on one loop.
/// The server listens on 127.0.0.1, port 0 (any free port), and echoes each line back
/// until the client ends its side; the clients "think" 0.5 s before each line, all at
/// once, so the three conversations take 1 s, not 3. Python twin: `python/echo_server.py`.
public enum EchoServer {
    static func handleEcho(_ reader: StreamReader, _ writer: StreamWriter) async throws {
        for try await line in reader.lines {  // until the client's EOF
            writer.write(line)
            try await writer.drain()
        }
        writer.close()
        try await writer.waitClosed()
    }

    static func client(port: Int, _ n: Int) async throws -> (echoes: [String], rest: [UInt8]) {
        let (reader, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: port)
        var echoes: [String] = []
        for word in ["hello", "bye"] {
            try await AsyncIO.sleep(scaled(0.5))  // think time: the clients overlap
            writer.write("\(word) from client \(n)\n")
            try await writer.drain()
            var line = text(try await reader.readline())
            if line.hasSuffix("\n") { line.removeLast() }
            echoes.append(line)
        }
        writer.writeEOF()  // no more lines: the server's loop ends and it closes
        let rest = try await reader.read()
        writer.close()
        try await writer.waitClosed()
        return (echoes, rest)
    }

    public static func run() throws {
        try AsyncIO.run {
            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { reader, writer in
                try await handleEcho(reader, writer)
            }
            let address = server.addresses[0]
            print("Serving on \(address.host ?? "?")")
            let port = address.port ?? 0
            let results = try await AsyncIO.gather([1, 2, 3].map { n in
                AsyncIO.createTask { try await client(port: port, n) }
            })
            for (i, (echoes, rest)) in results.enumerated() {
                print("client \(i + 1) got back: \(pyList(echoes))")
                print("client \(i + 1) then read EOF: \(py(rest.isEmpty))")
            }
            server.close()
            try await server.waitClosed()
            print("Server closed")
        }
    }
}
