import Testing
@testable import AsyncIO

@Suite("AsyncIO.generator")
struct GeneratorTests {
    @Test func yieldsInOrderAndTakesItsTime() async throws {
        let (values, t) = try await AsyncIO.runInVirtualTime {
            let countdown = AsyncIO.generator { (yield: Yield<Int>) in
                for n in stride(from: 3, to: 0, by: -1) {
                    try await yield(n)
                    try await AsyncIO.sleep(1)
                }
            }
            var got: [Int] = []
            for try await n in countdown { got.append(n) }
            return (got, now())
        }
        #expect(values == [3, 2, 1])
        #expect(t == 3)
    }

    @Test func producerRunsOnlyWhenTheConsumerAsks() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let gen = AsyncIO.generator { (yield: Yield<Int>) in
                for i in 0..<3 {
                    log.add("produce \(i)")
                    try await yield(i)
                }
                log.add("producer done")
            }
            let it = gen.makeAsyncIterator()
            log.add("made iterator")
            try await AsyncIO.sleep(1)  // nothing is produced meanwhile
            while let v = try await it.next() {
                log.add("consume \(v)")
                try await AsyncIO.sleep(1)
            }
            return log.items
        }
        // The same transcript as a Python async generator driven by `async for`.
        #expect(events == [
            "made iterator", "produce 0", "consume 0", "produce 1", "consume 1", "produce 2", "consume 2",
            "producer done",
        ])
    }

    @Test func errorsFlowToTheConsumer() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let gen = AsyncIO.generator { (yield: Yield<String>) in
                try await yield("a")
                throw Boom("producer")
            }
            do {
                for try await v in gen { log.add(v) }
            } catch {
                log.add("caught \(error)")
            }
            return log.items
        }
        #expect(events == ["a", "caught Boom(producer)"])
    }

    @Test func stoppingEarlyCancelsTheProducerAndRunsItsCleanup() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let gen = AsyncIO.generator { (yield: Yield<Int>) in
                defer { log.add("cleanup") }
                var i = 0
                while true {
                    try await yield(i)
                    i += 1
                }
            }
            for try await v in gen {
                log.add("got \(v)")
                if v == 2 { break }
            }
            try await AsyncIO.sleep(0)
            try await AsyncIO.sleep(0)
            log.add("after loop")
            return log.items
        }
        #expect(events == ["got 0", "got 1", "got 2", "cleanup", "after loop"])
    }

    @Test func cancellingTheConsumerCancelsTheProducer() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let gen = AsyncIO.generator { (yield: Yield<Int>) in
                do {
                    try await AsyncIO.sleep(100)
                    try await yield(1)
                } catch {
                    log.add("producer \(type(of: error))")
                    throw error
                }
            }
            let consumer = AsyncIO.createTask {
                for try await _ in gen {}
            }
            try await AsyncIO.sleep(1)
            consumer.cancel()
            _ = try? await consumer.value
            try await AsyncIO.sleep(0)
            log.add("consumer cancelled=\(consumer.isCancelled)")
            return log.items
        }
        #expect(events.contains("producer CancellationError"))
        #expect(events.last == "consumer cancelled=true")
    }

    @Test func aValueHandedToAConsumerCancelledBeforeItRanIsKept() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let consumerBox = TaskBox()
            let gen = AsyncIO.generator { (yield: Yield<Int>) in
                for i in 0..<5 {
                    if i == 1 {
                        // Runs after the hand-off below wakes the consumer, before the
                        // consumer runs: it is woken with 1, then cancelled.
                        let loop = try AsyncIO.runningLoop()
                        try loop.callSoon { consumerBox.task?.cancel() }
                    }
                    try await yield(i)
                }
            }
            let consumer = AsyncIO.createTask {
                let it = gen.makeAsyncIterator()
                while true {
                    do {
                        guard let v = try await it.next() else { break }
                        log.add("\(v)")
                    } catch is CancellationError {
                        log.add("cancelled")
                    }
                }
            }
            consumerBox.task = consumer
            try await consumer.value
            return log.items
        }
        // The cancellation surfaces at the await; the value waits for the next call.
        #expect(events == ["0", "cancelled", "1", "2", "3", "4"])
    }

    @Test func eachIterationRunsTheBodyAfresh() async throws {
        let runs = try await AsyncIO.runInVirtualTime {
            let gen = AsyncIO.generator { (yield: Yield<Int>) in
                for i in 0..<2 { try await yield(i) }
            }
            var all: [Int] = []
            for try await v in gen { all.append(v) }
            for try await v in gen { all.append(v) }
            return all
        }
        #expect(runs == [0, 1, 0, 1])
    }
}

/// A task handle filled in after the task is made (loop thread only).
final class TaskBox: @unchecked Sendable {
    // @unchecked Sendable: set and read on the loop's single thread.
    var task: AnyLoopTask?
}
