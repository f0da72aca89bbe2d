import CAsyncIOShims
import Foundation
import Synchronization
import Testing
@testable import AsyncIO
#if canImport(Glibc)
import Glibc
#endif

/// Echoes raw bytes: the low-level protocol API.
final class EchoProtocol: StreamProtocol {
    var transport: StreamTransport?
    func connectionMade(_ t: StreamTransport) { transport = t }
    func dataReceived(_ data: UnsafeRawBufferPointer) { transport?.write(data) }
}

@Suite("Streams: Unix, UDP, protocols, robustness", .serialized)
struct StreamsRobustnessTests {
    @Test func unixSocketServerAndFileRemoval() async throws {
        let path = "/tmp/asyncio-test-\(getpid()).sock"
        let (reply, existedWhileServing, existsAfter) = try await AsyncIO.runOnNewThread { () -> (String, Bool, Bool) in
            let server = try await AsyncIO.startUnixServer(path: path) { reader, writer in
                writer.write(try await reader.readline())
            }
            let existed = access(path, F_OK) == 0
            let (reader, writer) = try await AsyncIO.openUnixConnection(path: path)
            writer.write("over unix\n")
            let line = text(try await reader.readline())
            #expect(writer.peerAddress?.family == .unix)
            writer.close()
            server.close()
            return (line, existed, access(path, F_OK) == 0)
        }
        #expect(reply == "over unix\n")
        #expect(existedWhileServing)
        #expect(!existsAfter)
    }

    @Test func udpEchoWithTheHighLevelEndpoint() async throws {
        let got = try await AsyncIO.runOnNewThread { () -> [String] in
            let server = try await AsyncIO.openDatagramEndpoint(local: ("127.0.0.1", 0))
            let serverAddress = try #require(server.localAddress)
            let echo = AsyncIO.createTask {
                for _ in 0..<3 {
                    let (data, from) = try await server.receive()
                    try await server.send(data.reversed(), to: from)
                }
            }
            let client = try await AsyncIO.openDatagramEndpoint(remote: ("127.0.0.1", serverAddress.port ?? 0))
            var replies: [String] = []
            for word in ["abc", "hello", "udp"] {
                try await client.send(bytes(word))
                let (data, from) = try await client.receive()
                #expect(from == serverAddress)
                replies.append(text(data))
            }
            try await echo.value
            client.close()
            server.close()
            return replies
        }
        #expect(got == ["cba", "olleh", "pdu"])
    }

    @Test func udpReceiveCanBeCancelledAndTimedOut() async throws {
        try await AsyncIO.runOnNewThread {
            let endpoint = try await AsyncIO.openDatagramEndpoint(local: ("127.0.0.1", 0))
            await #expect(throws: TimeoutError.self) {
                try await AsyncIO.waitFor(timeout: 0.02) { _ = try await endpoint.receive() }
            }
            endpoint.close()
        }
    }

    @Test func protocolLevelEchoServer() async throws {
        let reply = try await AsyncIO.runOnNewThread { () -> String in
            let loop = try AsyncIO.runningLoop()
            let server = try await loop.createServer(host: "127.0.0.1", port: 0) { EchoProtocol() }
            let (reader, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: server.addresses[0].port ?? 0)
            writer.write("raw bytes")
            let echoed = text(try await reader.readexactly(9))
            writer.close()
            server.close()
            return echoed
        }
        #expect(reply == "raw bytes")
    }

    @Test func hundredMegabytesEchoIntact() async throws {
        // Both ends stream to files; coreutils' sha256sum hashes them (a Swift SHA-256 in a
        // debug build would take minutes over 200 MB).
        let sentPath = "/tmp/asyncio-sent-\(getpid()).bin"
        let receivedPath = "/tmp/asyncio-received-\(getpid()).bin"
        defer {
            unlink(sentPath)
            unlink(receivedPath)
        }
        let count = try await AsyncIO.runOnNewThread { () -> Int in
            let loop = try AsyncIO.runningLoop()
            let server = try await loop.createServer(host: "127.0.0.1", port: 0) { EchoProtocol() }
            let (reader, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: server.addresses[0].port ?? 0)
            let total = 100 * 1024 * 1024
            let receiver = AsyncIO.createTask { () -> Int in
                let out = open(receivedPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
                defer { close(out) }
                var n = 0
                while n < total {
                    let chunk = try await reader.read(256 * 1024)
                    if chunk.isEmpty { break }
                    _ = chunk.withUnsafeBytes { Glibc.write(out, $0.baseAddress, $0.count) }
                    n += chunk.count
                }
                return n
            }
            let sent = open(sentPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            defer { close(sent) }
            var seed: UInt64 = 0x1234_5678
            var block = [UInt8](repeating: 0, count: 1024 * 1024)
            for i in 0..<block.count {
                seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                block[i] = UInt8(truncatingIfNeeded: seed >> 56)
            }
            for m in 0..<100 {
                block[0] = UInt8(m)  // every megabyte differs
                _ = block.withUnsafeBytes { Glibc.write(sent, $0.baseAddress, $0.count) }
                writer.write(block)
                try await writer.drain()
            }
            let n = try await receiver.value
            writer.close()
            server.close()
            return n
        }
        #expect(count == 100 * 1024 * 1024)
        let sentHash = try sha256sum(sentPath)
        let receivedHash = try sha256sum(receivedPath)
        #expect(sentHash.count == 64)
        #expect(sentHash == receivedHash)
    }

    @Test func dataWrittenBeforeCloseIsAllDelivered() async throws {
        let n = try await AsyncIO.runOnNewThread { () -> Int in
            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { _, writer in
                writer.write([UInt8](repeating: 42, count: 8 * 1024 * 1024))
                writer.close()  // no drain: close still flushes first
            }
            let (reader, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: server.addresses[0].port ?? 0)
            let all = try await reader.read()
            writer.close()
            server.close()
            return all.count
        }
        #expect(n == 8 * 1024 * 1024)
    }

    @Test func tenThousandConnectCancelCloseCyclesLeakNoDescriptor() async throws {
        let (before, after, transports) = try await AsyncIO.runOnNewThread { () -> (Int, Int, Int) in
            let loop = try AsyncIO.runningLoop()
            let (server, port) = try await startLineEcho()
            let before = socketsOnPort(port)  // the listening socket
            for i in 0..<10_000 {
                switch i % 3 {
                case 0:  // cancelled while connecting (or right after)
                    let t = AsyncIO.createTask { try await AsyncIO.openConnection(host: "127.0.0.1", port: port) }
                    t.cancel()
                    if let (_, w) = try? await t.value { w.close() }
                case 1:  // cancelled in the middle of a read
                    let (r, w) = try await AsyncIO.openConnection(host: "127.0.0.1", port: port)
                    let t = AsyncIO.createTask { try await r.readline() }
                    try await AsyncIO.sleep(0)
                    t.cancel()
                    _ = try? await t.value
                    w.close()
                default:  // a normal exchange, then close
                    let (r, w) = try await AsyncIO.openConnection(host: "127.0.0.1", port: port)
                    w.write("x\n")
                    _ = try await r.readline()
                    w.close()
                    try await w.waitClosed()
                }
            }
            // Let the server notice the closes.
            for _ in 0..<200 where server.connectionCount > 0 { try await AsyncIO.sleep(0.01) }
            let after = socketsOnPort(port)
            server.close()
            return (before, after, loop.openTransports)
        }
        #expect(after <= before)
        #expect(transports == 0)
    }

    @Test func tenThousandConcurrentConnections() async throws {
        // The server (this process, one loop) holds 10,000 connections at once; the clients
        // live in a Python process, since the hard descriptor limit here is 20,000.
        let oldLimit = CAsyncIO_get_nofile()
        _ = CAsyncIO_set_nofile(1 << 20)  // clamped to the hard limit
        defer { _ = CAsyncIO_set_nofile(oldLimit) }
        let limit = CAsyncIO_get_nofile()
        try #require(limit >= 10_100, "RLIMIT_NOFILE hard limit is \(limit): too low for 10,000 connections")
        let (output, peak) = try await AsyncIO.runOnNewThread { () -> (String, Int) in
            let loop = try AsyncIO.runningLoop()
            let peak = Cell(0)
            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0, backlog: 1024) { reader, writer in
                while true {
                    let line = try await reader.readline()
                    if line.isEmpty { break }
                    writer.write(line)
                }
            }
            let port = server.addresses[0].port ?? 0
            let sampler = AsyncIO.createTask {
                while true {
                    peak.value = max(peak.value, server.connectionCount)
                    try await AsyncIO.sleep(0.005)
                }
            }
            let script = """
                import resource, socket, sys
                resource.setrlimit(resource.RLIMIT_NOFILE, (10200, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
                conns = [socket.create_connection(("127.0.0.1", \(port))) for _ in range(10000)]
                for c in conns: c.sendall(b"ping\\n")
                ok = sum(1 for c in conns if c.makefile("rb").readline() == b"ping\\n")
                print(ok, flush=True)
                sys.stdin.readline()
                """
            let output = try await loop.runInExecutor(nil) { try runPython(script, holdUntil: 2.0) }
            sampler.cancel()
            server.close()
            try await AsyncIO.waitFor(timeout: 20) { try await server.waitClosed() }
            return (output, peak.value)
        }
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "10000")
        #expect(peak == 10_000)
    }

    @Test func cancellingDrainLeavesTheWriterUsable() async throws {
        let delivered = try await AsyncIO.runOnNewThread { () -> Int in
            let loop = try AsyncIO.runningLoop()
            let total: Future<Int> = loop.createFuture()
            let gate: Future<Void> = loop.createFuture()
            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { reader, _ in
                try await gate.value  // don't read until told
                try total.setResult(try await reader.read().count)
            }
            let (_, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: server.addresses[0].port ?? 0)
            let chunk = [UInt8](repeating: 1, count: 4 * 1024 * 1024)
            writer.write(chunk)
            let drainer = AsyncIO.createTask { try await writer.drain() }
            try await AsyncIO.sleep(0.01)
            #expect(!drainer.isDone)  // blocked: the peer is not reading
            drainer.cancel()
            _ = try? await drainer.value
            #expect(drainer.isCancelled)
            try gate.setResult(())
            writer.write(chunk)
            try await writer.drain()
            writer.close()
            let n = try await total.value
            server.close()
            return n
        }
        #expect(delivered == 8 * 1024 * 1024)
    }
}

/// `sha256sum FILE`'s digest.
func sha256sum(_ path: String) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["sha256sum", path]
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
}

/// Runs `python3 -c script`, returns what it printed first; its stdin stays open for
/// `holdUntil` seconds after it printed (so its connections stay up), then closes.
func runPython(_ script: String, holdUntil seconds: Double) throws -> String {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", script]
    let out = Pipe()
    let input = Pipe()
    p.standardOutput = out
    p.standardInput = input
    try p.run()
    var firstLine = Data()
    while !firstLine.contains(0x0A) {
        let d = out.fileHandleForReading.availableData
        if d.isEmpty { break }
        firstLine.append(d)
    }
    Thread.sleep(forTimeInterval: seconds)
    try input.fileHandleForWriting.close()
    p.waitUntilExit()
    return String(decoding: firstLine, as: UTF8.self)
}
