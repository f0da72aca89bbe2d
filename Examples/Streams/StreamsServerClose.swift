import AsyncIO

/// Issue 4, stream semantics: closing a server while clients are connected. `close()`
/// stops accepting (a new connection is refused) but the open connections keep working;
/// `closeClients()` then closes them and each client reads EOF. (Python 3.11 has no
/// `close_clients()`: its twin closes the server-side writers it kept, with the same
/// output.) Python twin: `python/streams_server_close.py`.
public enum StreamsServerClose {
    static func handleEcho(_ reader: StreamReader, _ writer: StreamWriter) async throws {
        for try await line in reader.lines {
            writer.write(line)
            try await writer.drain()
        }
    }

    static func ask(_ reader: StreamReader, _ writer: StreamWriter, _ question: String) async throws -> String {
        writer.write("\(question)\n")
        try await writer.drain()
        var answer = text(try await reader.readline())
        if answer.hasSuffix("\n") { answer.removeLast() }
        return answer
    }

    public static func run() throws {
        try AsyncIO.run {
            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { reader, writer in
                try await handleEcho(reader, writer)
            }
            let port = server.addresses[0].port ?? 0
            print("server: serving: \(py(server.isServing))")
            var clients: [(StreamReader, StreamWriter)] = []
            for _ in 0..<2 {
                clients.append(try await AsyncIO.openConnection(host: "127.0.0.1", port: port))
            }
            for (i, (reader, writer)) in clients.enumerated() {
                print("client \(i + 1): \(pyRepr(try await ask(reader, writer, "ping \(i + 1)")))")
            }

            server.close()
            print("server: close(); serving: \(py(server.isServing))")
            do {
                _ = try await AsyncIO.openConnection(host: "127.0.0.1", port: port)
                print("new client: connected (unexpected)")
            } catch let e as OSError where e.isConnectionRefused {
                print("new client: connection refused")
            }
            for (i, (reader, writer)) in clients.enumerated() {
                print("client \(i + 1): \(pyRepr(try await ask(reader, writer, "still here \(i + 1)")))")
            }

            print("server: closing the client connections")
            server.closeClients()
            for (i, (reader, writer)) in clients.enumerated() {
                let rest = try await reader.read()
                print("client \(i + 1): read \(pyBytes(rest)), at EOF: \(py(reader.atEOF))")
                writer.close()
                try await writer.waitClosed()
            }
            try await server.waitClosed()
            print("server: closed")
        }
    }
}
