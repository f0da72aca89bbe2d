// `echo-server`: a TCP echo server for ../shared/peers/loadgen, until the process is killed.
import AsyncIO

/// Serves TCP echo on 127.0.0.1:`port` with the streams API (`StreamReader.read` +
/// `StreamWriter.write` + `drain`, one task per connection) or the protocol API (a
/// `StreamProtocol` that writes back what it receives). bench.py's `--server-cmd` starts
/// it, drives it with loadgen and kills it.
enum EchoServer {
    enum API: String { case streams, `protocol` }

    /// Echoes each chunk straight back from the read buffer.
    final class Echo: StreamProtocol {
        var transport: StreamTransport?
        func connectionMade(_ t: StreamTransport) { transport = t }
        func dataReceived(_ data: UnsafeRawBufferPointer) { transport?.write(data) }
    }

    static func serve(api: API, port: Int) throws {
        try AsyncIO.run {
            let loop = try AsyncIO.runningLoop()
            let server: Server
            switch api {
            case .protocol:
                server = try await loop.createServer(host: "127.0.0.1", port: port, backlog: 1024) { Echo() }
            case .streams:
                server = try await AsyncIO.startServer(host: "127.0.0.1", port: port, backlog: 1024) { reader, writer in
                    do {
                        while true {
                            let data = try await reader.read(64 * 1024)
                            if data.isEmpty { break }
                            writer.write(data)
                            try await writer.drain()
                        }
                    } catch let e as OSError where e.isConnectionReset || e.isBrokenPipe {
                        // The load generator resets its connections when it stops.
                    }
                }
            }
            try await server.serveForever()
        }
    }
}
