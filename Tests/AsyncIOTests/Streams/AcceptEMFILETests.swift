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
    @Test func serverKeepsServingOnceDescriptorsFreeUp() async throws {
        // Runs in a child process: it lowers the process's descriptor limit.
        let run = try await runHelper(["emfile"])
        // All 20 clients served although only a few descriptors were free, and the
        // exception handler was told about EMFILE.
        #expect(run.lines == ["served=20 reported=true"])
    }
}
