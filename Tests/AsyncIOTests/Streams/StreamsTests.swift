import CAsyncIOShims
import Testing
@testable import AsyncIO
#if canImport(Glibc)
import Glibc
#endif

func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
func text(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }

/// Open descriptors of this process.
func openFDCount() -> Int {
    guard let dir = opendir("/proc/self/fd") else { return -1 }
    defer { closedir(dir) }
    var n = 0
    while readdir(dir) != nil { n += 1 }
    return n - 3  // ".", "..", and the directory itself
}

/// Open sockets of this process bound or connected to `port`: a leak check that other
/// tests running at the same time (with descriptors of their own) cannot disturb.
func socketsOnPort(_ port: Int) -> Int {
    guard let dir = opendir("/proc/self/fd") else { return -1 }
    defer { closedir(dir) }
    var n = 0
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        guard let fd = Int32(name) else { continue }
        if Socket.localAddress(fd)?.port == port || Socket.peerAddress(fd)?.port == port { n += 1 }
    }
    return n
}

/// An echo server on 127.0.0.1 with a free port: echoes each line until EOF.
func startLineEcho() async throws -> (Server, Int) {
    let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { reader, writer in
        while true {
            let line = try await reader.readline()
            if line.isEmpty { break }
            writer.write(line)
            try await writer.drain()
        }
    }
    return (server, server.addresses.first?.port ?? 0)
}

@Suite("Streams: TCP", .serialized)
struct StreamsTests {
    @Test func echoRoundTrip() async throws {
        let replies = try await AsyncIO.runOnNewThread {
            let (server, port) = try await startLineEcho()
            let (reader, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: port)
            var got: [String] = []
            for msg in ["hello\n", "world\n"] {
                writer.write(msg)
                try await writer.drain()
                got.append(text(try await reader.readline()))
            }
            #expect(writer.peerAddress?.port == port)
            #expect(writer.localAddress?.host == "127.0.0.1")
            writer.close()
            try await writer.waitClosed()
            server.close()
            try await server.waitClosed()
            return got
        }
        #expect(replies == ["hello\n", "world\n"])
    }

    @Test func readerSemanticsAtEOF() async throws {
        let log = try await AsyncIO.runOnNewThread { () -> [String] in
            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { _, writer in
                writer.write("line1\nline2\npartial")
                writer.close()
            }
            let port = server.addresses[0].port ?? 0
            let (reader, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: port)
            var log: [String] = []
            log.append(text(try await reader.readline()))
            log.append(text(try await reader.readuntil(bytes("\n"))))
            do {
                _ = try await reader.readexactly(100)
            } catch let e as IncompleteReadError {
                log.append("incomplete \(text(e.partial)) expected \(e.expected ?? -1)")
            }
            log.append("readline at eof: '\(text(try await reader.readline()))' atEOF=\(reader.atEOF)")
            log.append("read at eof: \(try await reader.read().count)")
            writer.close()
            server.close()
            return log
        }
        #expect(log == [
            "line1\n", "line2\n", "incomplete partial expected 100", "readline at eof: '' atEOF=true", "read at eof: 0",
        ])
    }

    @Test func readuntilIncompleteAndSeveralSeparators() async throws {
        let log = try await AsyncIO.runOnNewThread { () -> [String] in
            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { _, writer in
                writer.write("a;b|c")
                writer.close()
            }
            let (reader, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: server.addresses[0].port ?? 0)
            var log: [String] = []
            log.append(text(try await reader.readuntil(anyOf: [bytes("|"), bytes(";")])))
            log.append(text(try await reader.readuntil(anyOf: [bytes("|"), bytes(";")])))
            do { _ = try await reader.readuntil(bytes("|")) } catch let e as IncompleteReadError {
                log.append("incomplete '\(text(e.partial))'")
            }
            writer.close()
            server.close()
            return log
        }
        #expect(log == ["a;", "b|", "incomplete 'c'"])
    }

    @Test func limitOverrun() async throws {
        let log = try await AsyncIO.runOnNewThread { () -> [String] in
            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { _, writer in
                writer.write(String(repeating: "x", count: 40) + "\nshort\n")
                writer.close()
            }
            let (reader, writer) = try await AsyncIO.openConnection(
                host: "127.0.0.1", port: server.addresses[0].port ?? 0, limit: 16)
            var log: [String] = []
            do { _ = try await reader.readuntil(bytes("\n")) } catch let e as LimitOverrunError {
                log.append("readuntil: \(e.message)")
            }
            do { _ = try await reader.readline() } catch let e as LimitOverrunError {
                log.append("readline: \(e.message)")
            }
            log.append("next: \(text(try await reader.readline()))")
            writer.close()
            server.close()
            return log
        }
        #expect(log == [
            "readuntil: Separator is found, but chunk is longer than limit",
            "readline: Separator is found, but chunk is longer than limit", "next: short\n",
        ])
    }

    @Test func connectionRefusedIsAClearError() async throws {
        let refused = try await AsyncIO.runOnNewThread { () -> Bool in
            // Bind a port, close it: nothing listens there now.
            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { _, _ in }
            let port = server.addresses[0].port ?? 0
            server.close()
            do {
                _ = try await AsyncIO.openConnection(host: "127.0.0.1", port: port)
                return false
            } catch let e as OSError {
                return e.isConnectionRefused
            }
        }
        #expect(refused)
    }

    @Test func halfCloseBothWays() async throws {
        let reply = try await AsyncIO.runOnNewThread { () -> String in
            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { reader, writer in
                let all = try await reader.read()  // to EOF: the client wrote EOF
                writer.write("got \(all.count) bytes")
                writer.writeEOF()
                try await writer.drain()
            }
            let (reader, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: server.addresses[0].port ?? 0)
            #expect(writer.canWriteEOF)
            writer.write("0123456789")
            writer.writeEOF()
            let answer = text(try await reader.read())
            writer.close()
            server.close()
            return answer
        }
        #expect(reply == "got 10 bytes")
    }

    @Test func peerResetSurfacesOnTheNextCall() async throws {
        let outcome = try await AsyncIO.runOnNewThread { () -> String in
            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { reader, writer in
                _ = try await reader.read(1)
                // Reset: SO_LINGER 0, then close.
                var lg = linger(l_onoff: 1, l_linger: 0)
                setsockopt(writer.transport.fd, SOL_SOCKET, SO_LINGER, &lg, socklen_t(MemoryLayout<linger>.size))
                writer.transport.abort()
            }
            let (reader, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: server.addresses[0].port ?? 0)
            writer.write("x")
            try await writer.drain()
            defer { server.close() }
            do {
                _ = try await reader.read(10)
                return "no error"
            } catch let e as OSError {
                return e.isConnectionReset ? "reset" : "\(e)"
            }
        }
        #expect(outcome == "reset")
    }

    @Test func writingToAClosedPeerFailsCleanly() async throws {
        let outcome = try await AsyncIO.runOnNewThread { () -> String in
            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { _, writer in writer.close() }
            let (reader, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: server.addresses[0].port ?? 0)
            defer { server.close() }
            _ = try await reader.read()  // EOF: the server closed
            let chunk = [UInt8](repeating: 1, count: 64 * 1024)
            for _ in 0..<50 {
                writer.write(chunk)
                do { try await writer.drain() } catch let e as OSError {
                    return (e.isBrokenPipe || e.isConnectionReset) ? "failed cleanly" : "\(e)"
                } catch is ConnectionLostError {
                    return "failed cleanly"
                }
                try await AsyncIO.sleep(0.001)
            }
            return "no error"
        }
        #expect(outcome == "failed cleanly")
    }

    @Test func drainWaitsForASlowReader() async throws {
        let (pausedAtSomePoint, received) = try await AsyncIO.runOnNewThread { () -> (Bool, Int) in
            let loop = try AsyncIO.runningLoop()
            let total: Future<Int> = loop.createFuture()
            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { reader, _ in
                var n = 0
                try await AsyncIO.sleep(0.05)  // let the client fill the pipes first
                while true {
                    let chunk = try await reader.read(64 * 1024)
                    if chunk.isEmpty { break }
                    n += chunk.count
                }
                try total.setResult(n)
            }
            let (_, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: server.addresses[0].port ?? 0)
            var sawBackpressure = false
            let chunk = [UInt8](repeating: 7, count: 256 * 1024)
            for _ in 0..<40 {  // 10 MiB
                writer.write(chunk)
                if writer.transport.writeBufferSize > 64 * 1024 { sawBackpressure = true }
                try await writer.drain()
                #expect(writer.transport.writeBufferSize <= 64 * 1024)
            }
            writer.close()
            let n = try await total.value
            server.close()
            return (sawBackpressure, n)
        }
        #expect(pausedAtSomePoint)
        #expect(received == 40 * 256 * 1024)
    }

    @Test func serverCloseWithClientsConnected() async throws {
        let log = try await AsyncIO.runOnNewThread { () -> [String] in
            let (server, port) = try await startLineEcho()
            let (r1, w1) = try await AsyncIO.openConnection(host: "127.0.0.1", port: port)
            w1.write("before\n")
            var log = [text(try await r1.readline())]
            server.close()
            log.append("serving=\(server.isServing)")
            // The existing connection still works.
            w1.write("after close\n")
            log.append(text(try await r1.readline()))
            // New connections are refused.
            do { _ = try await AsyncIO.openConnection(host: "127.0.0.1", port: port) } catch let e as OSError {
                log.append("refused=\(e.isConnectionRefused)")
            }
            server.closeClients()
            log.append("eof: '\(text(try await r1.readline()))'")
            try await AsyncIO.waitFor(timeout: 5) { try await server.waitClosed() }
            log.append("connections=\(server.connectionCount)")
            w1.close()
            return log
        }
        #expect(log == ["before\n", "serving=false", "after close\n", "refused=true", "eof: ''", "connections=0"])
    }

    @Test func cancellingAReadLeavesTheStreamUsable() async throws {
        let got = try await AsyncIO.runOnNewThread { () -> String in
            let (server, port) = try await startLineEcho()
            let (reader, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: port)
            let t = AsyncIO.createTask { try await reader.readline() }
            try await AsyncIO.sleep(0.01)
            t.cancel()
            _ = try? await t.value
            #expect(t.isCancelled)
            writer.write("still works\n")
            let line = text(try await reader.readline())
            writer.close()
            server.close()
            return line
        }
        #expect(got == "still works\n")
    }

    @Test func linesSequence() async throws {
        let lines = try await AsyncIO.runOnNewThread { () -> [String] in
            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { _, writer in
                writer.write("a\nb\nc")
            }
            let (reader, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: server.addresses[0].port ?? 0)
            var out: [String] = []
            for try await line in reader.lines { out.append(text(line)) }
            writer.close()
            server.close()
            return out
        }
        #expect(lines == ["a\n", "b\n", "c"])
    }

    @Test func ipv6Loopback() async throws {
        let reply = try await AsyncIO.runOnNewThread { () -> String in
            let server = try await AsyncIO.startServer(host: "::1", port: 0) { reader, writer in
                writer.write(try await reader.readline())
            }
            let (reader, writer) = try await AsyncIO.openConnection(host: "::1", port: server.addresses[0].port ?? 0)
            writer.write("v6\n")
            let line = text(try await reader.readline())
            #expect(writer.peerAddress?.family == .ipv6)
            writer.close()
            server.close()
            return line
        }
        #expect(reply == "v6\n")
    }

    @Test func hostnamesResolveOffTheLoop() async throws {
        let ok = try await AsyncIO.runOnNewThread { () -> Bool in
            let loop = try AsyncIO.runningLoop()
            let addrs = try await loop.getaddrinfo("localhost", port: 80)
            return !addrs.isEmpty && addrs.allSatisfy { $0.port == 80 }
        }
        #expect(ok)
    }
}
