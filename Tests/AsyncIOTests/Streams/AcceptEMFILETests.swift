import Foundation
import Testing

/// An executable built beside the test bundle (walks up from /proc/self/exe).
func builtExecutable(_ name: String) -> String? {
    guard var dir = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
    while let slash = dir.lastIndex(of: "/"), slash != dir.startIndex {
        dir = String(dir[..<slash])
        let candidate = dir + "/" + name
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

@Suite("Streams: accept under descriptor exhaustion")
struct AcceptEMFILETests {
    @Test func serverKeepsServingOnceDescriptorsFreeUp() throws {
        // Runs in a child process: it lowers the process's descriptor limit.
        let helper = try #require(builtExecutable("AsyncIOTestHelper"))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: helper)
        p.arguments = ["emfile"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let deadline = Date().addingTimeInterval(60)
        while p.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if p.isRunning { p.terminate() }
        let output = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        // All 20 clients served although only a few descriptors were free, and the
        // exception handler was told about EMFILE.
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "served=20 reported=true")
    }
}
