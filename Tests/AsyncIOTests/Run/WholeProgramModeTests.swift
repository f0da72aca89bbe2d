import Foundation
import Testing

/// Runs a built executable and returns its standard output.
func runBuilt(_ name: String, _ args: [String] = []) throws -> String {
    let exe = try #require(builtExecutable(name))
    let p = Process()
    p.executableURL = URL(fileURLWithPath: exe)
    p.arguments = args
    let out = Pipe()
    p.standardOutput = out
    p.standardError = FileHandle.nullDevice
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    #expect(p.terminationStatus == 0)
    return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
}

@Suite("whole-program mode, as a program sees it")
struct WholeProgramModeTests {
    @Test func atMainAsyncIOMainPutsEverythingOnTheLoop() throws {
        // Task {}, Task.detached, async let, @MainActor and Task.sleep all on the loop's
        // thread, which is the main thread.
        let out = try runBuilt("AsyncIOMainCheck")
        #expect(out == "task=true detached=true asyncLet=true mainActor=1 taskSleepOnLoop=true mainThread=true")
    }

    @Test func taskSleepRunsOnTheVirtualClock() throws {
        let out = try runBuilt("AsyncIOTestHelper", ["virtual-task-sleep"])
        #expect(out == "hour=true fast=true")
    }
}
