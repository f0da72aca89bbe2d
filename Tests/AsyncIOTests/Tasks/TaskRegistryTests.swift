import Testing
@testable import AsyncIO

/// The registry alone, with bare records (no loop, no Swift tasks).
@Suite("TaskRegistry")
struct TaskRegistryTests {
    @Test func pendingListsTheLiveTasksNotDoneNewestFirst() {
        var r = TaskRegistry()
        let a = AnyLoopTask(loop: nil, name: "a")
        let b = AnyLoopTask(loop: nil, name: "b")
        let c = AnyLoopTask(loop: nil, name: "c")
        for t in [a, b, c] { r.insert(t) }
        b.markDone(cancelled: false)  // done but not yet removed: not pending
        #expect(r.pending.map(\.name) == ["c", "a"])
        r.remove(a)
        r.remove(a)  // twice is once
        #expect(r.pending.map(\.name) == ["c"])
    }

    @Test func aFinishedTaskTakesOnlyItsOwnRecordByPointer() throws {
        var r = TaskRegistry()
        let p = try #require(UnsafeRawPointer(bitPattern: 0x1000))
        let old = AnyLoopTask(loop: nil, name: "old")
        old.pointer = p
        let new = AnyLoopTask(loop: nil, name: "new")
        new.pointer = p
        #expect(!r.hasRecordsByPointer)
        r.insert(old)
        r.setRecord(new, at: p)  // the pointer is now another task's
        r.remove(old)
        #expect(r.record(at: p) === new)
        r.remove(new)
        #expect(r.record(at: p) == nil && !r.hasRecordsByPointer)
        r.setRecord(old, at: p)
        r.forgetRecord(at: p)
        #expect(!r.hasRecordsByPointer)
    }
}
