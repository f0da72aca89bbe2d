import Testing
@testable import AsyncIO

@Suite("Datagrams: DatagramEndpoint")
struct DatagramsTests {
    @Test func aDatagramHandedToAReceiverCancelledBeforeItRanGoesToTheNext() async throws {
        let (first, second) = try await AsyncIO.runOnNewThread { () -> (String, String) in
            let endpoint = try await AsyncIO.openDatagramEndpoint(local: ("127.0.0.1", 0))
            defer { endpoint.close() }
            let from = try #require(endpoint.localAddress)
            let a = AsyncIO.createTask { try await endpoint.receive() }
            let b = AsyncIO.createTask { try await endpoint.receive() }
            try await AsyncIO.sleep(0)  // both wait, a first
            // What the transport does when a datagram arrives: it wakes a...
            Array("ping".utf8).withUnsafeBytes { endpoint.datagramReceived($0, from: from) }
            // ...which is cancelled before it runs: b must get the datagram.
            a.cancel()
            var first = "no error"
            do { _ = try await a.value } catch { first = "\(type(of: error))" }
            let second: String
            do {
                let (data, _) = try await AsyncIO.waitFor(timeout: 2) { try await b.value }
                second = String(decoding: data, as: UTF8.self)
            } catch {
                second = "\(type(of: error))"
            }
            return (first, second)
        }
        #expect(first == "CancellationError")
        #expect(second == "ping")
    }
}
