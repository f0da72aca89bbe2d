import Testing
@testable import AsyncIO

/// The listener list shared by `Future` and `LoopTask`: one list, in registration order,
/// from which a callback can be taken back.
@Suite("Completion: one ordered listener list")
struct CompletionTests {
    @Test func removedCallbacksAreSkippedAndTheRestKeepTheirOrder() {
        var c = Completion<Int>()
        let log = Cell<[Int]>([])
        let tokens = (0..<200).map { i in c.addCallback { log.value.append(i) } }
        for i in stride(from: 1, to: 200, by: 2) { c.removeCallback(tokens[i]) }
        c.removeCallback(tokens[1])  // twice: nothing more
        #expect(c.listenerCount == 100)
        #expect(c.listenerSlots <= 200)
        var scheduled: [() -> Void] = []
        c.complete(.success(1)) { scheduled.append($0) }
        for run in scheduled { run() }
        #expect(log.value == Array(stride(from: 0, to: 200, by: 2)))
        c.removeCallback(tokens[0])  // after completion: nothing to do
        #expect(c.listenerCount == 0)
    }

    @Test func takingBackTheLatestObserverLeavesNoSlot() {
        var c = Completion<Int>()
        c.addCallback {}
        for _ in 0..<10_000 {
            let t = c.addCallback {}
            c.removeCallback(t)
        }
        #expect(c.listenerCount == 1 && c.listenerSlots == 1)
    }

    @Test func holesInTheMiddleAreCompacted() {
        var c = Completion<Int>()
        let tokens = (0..<1_000).map { _ in c.addCallback {} }
        for t in tokens.dropLast() { c.removeCallback(t) }
        #expect(c.listenerCount == 1)
        #expect(c.listenerSlots <= 64)
    }
}
