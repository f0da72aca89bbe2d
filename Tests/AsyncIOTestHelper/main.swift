// Scenarios the test suite runs in a child process because they change process-wide
// state (the descriptor limit) or may crash it. Usage: AsyncIOTestHelper <scenario>
import CAsyncIOShims
import Foundation
@testable import AsyncIO

func emfileScenario() throws {
    let result = try AsyncIO.run { () -> String in
        let loop = try AsyncIO.runningLoop()
        var reports: [String] = []
        loop.setExceptionHandler { _, ctx in reports.append(ctx.message) }
        let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { reader, writer in
            let line = try await reader.readline()
            writer.write(line)
            try await writer.drain()
        }
        server.acceptRetryDelay = 0.05
        let port = server.addresses[0].port ?? 0
        // The clients: a Python process, started while descriptors are still plentiful.
        let client = Process()
        client.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        client.arguments = ["python3", "-c", """
            import socket
            conns = [socket.create_connection(("127.0.0.1", \(port))) for _ in range(20)]
            for c in conns: c.sendall(b"ping\\n")
            print(sum(1 for c in conns if c.makefile("rb").readline() == b"ping\\n"), flush=True)
            """]
        let out = Pipe()
        client.standardOutput = out
        try client.run()
        // Now leave this process only a handful of free descriptors.
        var probe: [Int32] = []
        while true {
            let fd = dup(0)
            if fd < 0 { break }
            probe.append(fd)
            if probe.count > 100_000 { break }
        }
        let highest = probe.max() ?? 0
        for fd in probe { close(fd) }
        _ = CAsyncIO_set_nofile(Int(highest) + 1 - probe.count + 3)
        let output = try await loop.runInExecutor(nil) { () -> String in
            let data = out.fileHandleForReading.readDataToEndOfFile()
            client.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        server.close()
        let sawEMFILE = reports.contains { $0.contains("out of system resource") }
        return "served=\(output.trimmingCharacters(in: .whitespacesAndNewlines)) reported=\(sawEMFILE)"
    }
    print(result)
}

/// Whole-program mode on a virtual clock: Swift's own `Task.sleep` uses the loop's timers,
/// so an hour passes at once.
func virtualTaskSleepScenario() throws {
    let (elapsed, loopTime) = try AsyncIO.run(clock: .virtual) { () -> (Double, Double) in
        let loop = try AsyncIO.runningLoop()
        let start = CAsyncIO_monotonic_ns()
        try await Task.sleep(for: .seconds(3600))
        return (Double(CAsyncIO_monotonic_ns() - start) / 1e9, loop.time())
    }
    // Swift hands the executor a deadline on the real clock, so the virtual delay is the
    // hour less the real time between Task.sleep's call and the enqueue (microseconds,
    // tens of milliseconds on a loaded machine): within a second is the hour.
    print("hour=\(abs(loopTime - 3600) < 1) fast=\(elapsed < 5)")
}

/// Descriptors this process has open now.
func openDescriptors() -> Int {
    (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
}

/// A streams server whose only reference is dropped at once (no `close()`): asyncio
/// keeps serving it. Old code freed it and crashed at the next connection.
func startDroppedServer() async throws -> Int {
    let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { reader, writer in
        let line = try await reader.readline()
        writer.write(line)
        try await writer.drain()
    }
    return server.addresses.first?.port ?? 0
}

func droppedServerScenario() throws {
    try AsyncIO.run {}  // the first run makes what a process keeps (Dispatch's main queue)
    let before = openDescriptors()
    let reply = try AsyncIO.run { () -> String in
        let port = try await startDroppedServer()
        var replies: [String] = []
        for _ in 0..<2 {
            let (reader, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: port)
            writer.write(Array("ping\n".utf8))
            try await writer.drain()
            replies.append(String(decoding: try await reader.readline(), as: UTF8.self))
            writer.close()
        }
        return replies.joined().replacingOccurrences(of: "\n", with: " ")
    }
    // The loop closed with the server still serving: its listening socket was closed too.
    print("replies=\(reply)leaked=\(openDescriptors() - before)")
}

/// Descriptors left open by a loop dropped without `close()` and by one closed after use
/// (each loop holds an epoll and an eventfd descriptor).
func loopDescriptorsScenario() throws {
    // A first run makes what the process keeps (Dispatch's main queue descriptor).
    let warmUp = try Runner()
    try warmUp.run {}
    try warmUp.close()
    let before = openDescriptors()
    for _ in 0..<10 { _ = try EventLoop() }
    let dropped = openDescriptors() - before
    let runner = try Runner()
    try runner.run { try await AsyncIO.toThread {} }
    try runner.close()
    print("dropped=\(dropped) closed=\(openDescriptors() - before)")
}

switch CommandLine.arguments.dropFirst().first {
case "loop-descriptors": try loopDescriptorsScenario()
case "emfile": try emfileScenario()
case "virtual-task-sleep": try virtualTaskSleepScenario()
case "dropped-server": try droppedServerScenario()
default:
    print("usage: AsyncIOTestHelper emfile|virtual-task-sleep|dropped-server|loop-descriptors")
    exit(2)
}
