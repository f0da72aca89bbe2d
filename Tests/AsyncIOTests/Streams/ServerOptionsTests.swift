import Testing
@testable import AsyncIO

@Suite("Streams: server options", .serialized)
struct ServerOptionsTests {
    @Test func reusePortLetsTwoServersShareAPort() async throws {
        let (sameNumber, bothServed, refusedWithout) = try await AsyncIO.runOnNewThread { () -> (Bool, Bool, Bool) in
            let a = try await AsyncIO.startServer(host: "127.0.0.1", port: 0, reusePort: true) { _, w in w.write("a\n") }
            let port = a.addresses[0].port ?? 0
            let b = try await AsyncIO.startServer(host: "127.0.0.1", port: port, reusePort: true) { _, w in w.write("b\n") }
            // Without SO_REUSEPORT the same bind is refused (address in use).
            var refused = false
            do {
                let c = try await AsyncIO.startServer(host: "127.0.0.1", port: port) { _, _ in }
                c.close()
            } catch let e as OSError {
                refused = e.function.contains("bind")
            }
            // The kernel spreads connections over both listeners.
            var seen = Set<String>()
            for _ in 0..<64 where seen.count < 2 {
                let (r, w) = try await AsyncIO.openConnection(host: "127.0.0.1", port: port)
                seen.insert(text(try await r.readline()))
                w.close()
            }
            a.close()
            b.close()
            return (b.addresses[0].port == port, seen == ["a\n", "b\n"], refused)
        }
        #expect(sameNumber)
        #expect(bothServed)
        #expect(refusedWithout)
    }

    @Test func abortClientsDropsConnectionsAtOnce() async throws {
        let outcome = try await AsyncIO.runOnNewThread { () -> String in
            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { reader, _ in
                _ = try? await reader.read()  // waits for the client, who never writes
            }
            let (reader, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: server.addresses[0].port ?? 0)
            for _ in 0..<100 where server.connectionCount == 0 { try await AsyncIO.sleep(0.001) }
            server.close()
            server.abortClients()
            let data = try await reader.read()  // the server side is gone: EOF
            try await AsyncIO.waitFor(timeout: 5) { try await server.waitClosed() }
            writer.close()
            return "eof=\(data.isEmpty) connections=\(server.connectionCount)"
        }
        #expect(outcome == "eof=true connections=0")
    }
}
