import Foundation
import Testing

@Suite("Streams: Server lifetime")
struct ServerTests {
    @Test func aServerDroppedWithoutCloseKeepsServingUntilTheLoopCloses() throws {
        // In a child process: old code crashed at the connection after the drop.
        let helper = try #require(builtExecutable("AsyncIOTestHelper"))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: helper)
        p.arguments = ["dropped-server"]
        // A loop of its own, closed when the run ends (the whole-program loop never is).
        p.environment = ProcessInfo.processInfo.environment.merging(["ASYNCIO_WHOLE_PROGRAM": "0"]) { _, new in new }
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(60)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if p.isRunning { p.terminate() }
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationStatus == 0)
        // Both connections served; the listening socket closed with the loop.
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "replies=ping ping leaked=0")
    }
}
