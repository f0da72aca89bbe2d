import Testing
@testable import AsyncIO

@Suite("gather")
struct GatherTests {
    @Test func resultsComeInArgumentOrderWhateverTheFinishingOrder() async throws {
        let (a, b, c, t) = try await AsyncIO.runInVirtualTime {
            let start = now()
            let (a, b, c) = try await AsyncIO.gather(
                { try await AsyncIO.sleep(3); return "three" },
                { try await AsyncIO.sleep(1); return 1 },
                { try await AsyncIO.sleep(2); return 2.5 })
            return (a, b, c, now() - start)
        }
        #expect(a == "three" && b == 1 && c == 2.5)
        #expect(t == 3)  // concurrent: the longest, not the sum
    }

    @Test func arrayForm() async throws {
        let values = try await AsyncIO.runInVirtualTime {
            try await AsyncIO.gather((1...5).map { i in { @Sendable in try await AsyncIO.sleep(Double(6 - i)); return i * i } })
        }
        #expect(values == [1, 4, 9, 16, 25])
    }

    @Test func firstErrorPropagatesAtOnceAndOthersKeepRunning() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let start = now()
            do {
                _ = try await AsyncIO.gather(
                    { try await AsyncIO.sleep(1); throw Boom("early") },
                    { try await AsyncIO.sleep(3); log.add("slow finished at \(now() - start)") })
            } catch {
                log.add("caught \(error) at \(now() - start)")
            }
            try await AsyncIO.sleep(5)
            return log.items
        }
        #expect(events == ["caught Boom(early) at 1.0", "slow finished at 3.0"])
    }

    @Test func returnExceptionsGivesEveryOutcome() async throws {
        let outcomes = try await AsyncIO.runInVirtualTime {
            let rs = try await AsyncIO.gather(
                [
                    { @Sendable in 1 },
                    { @Sendable in throw Boom("two") },
                    { @Sendable in try await AsyncIO.sleep(1); return 3 },
                ], returnExceptions: true)
            return rs.map { r -> String in
                switch r {
                case .success(let v): return "ok \(v)"
                case .failure(let e): return "err \(e)"
                }
            }
        }
        #expect(outcomes == ["ok 1", "err Boom(two)", "ok 3"])
    }

    @Test func cancellingTheGatherCancelsTheChildren() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let g = AsyncIO.createTask {
                _ = try await AsyncIO.gather(
                    { do { try await AsyncIO.sleep(10) } catch { log.add("a cancelled"); throw error } },
                    { do { try await AsyncIO.sleep(10) } catch { log.add("b cancelled"); throw error } })
            }
            try await AsyncIO.sleep(1)
            g.cancel()
            await #expect(throws: CancellationError.self) { try await g.value }
            log.add("gather cancelled=\(g.isCancelled) at \(now())")
            return log.items
        }
        #expect(events == ["a cancelled", "b cancelled", "gather cancelled=true at 1.0"])
    }

    @Test func aGatherEndedByAFailureStopsObservingTheOthers() async throws {
        try await AsyncIO.runInVirtualTime {
            let ev = Event()
            let long = AsyncIO.createTask { try await ev.wait() }
            for _ in 0..<100 {
                let failing = AsyncIO.createTask { () -> Void in throw Boom() }
                await #expect(throws: Boom.self) { try await AsyncIO.gather([long, failing]) }
            }
            #expect(long.listenerCount == 0)
            ev.set()
            try await long.value
        }
    }
}

@Suite("withTaskGroup")
struct TaskGroupTests {
    @Test func waitsForAllChildren() async throws {
        let (events, t) = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let start = now()
            try await AsyncIO.withTaskGroup { tg in
                try tg.createTask { try await AsyncIO.sleep(2); log.add("two") }
                try tg.createTask { try await AsyncIO.sleep(1); log.add("one") }
                log.add("body done")
            }
            return (log.items, now() - start)
        }
        #expect(events == ["body done", "one", "two"])
        #expect(t == 2)
    }

    @Test func firstFailureCancelsSiblingsAndBodyAndGroupsErrors() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            do {
                try await AsyncIO.withTaskGroup { tg in
                    try tg.createTask { try await AsyncIO.sleep(1); throw Boom("one") }
                    try tg.createTask { try await AsyncIO.sleep(1); throw Boom("two") }
                    try tg.createTask {
                        do { try await AsyncIO.sleep(5) } catch { log.add("sibling cancelled at \(now())"); throw error }
                    }
                    do { try await AsyncIO.sleep(10) } catch { log.add("body cancelled at \(now())"); throw error }
                }
                log.add("no error")
            } catch let g as ExceptionGroup {
                log.add("group: \(g.errors.map { "\($0)" }.joined(separator: ","))")
            }
            // The parent's cancellation was taken back: it goes on normally.
            try await AsyncIO.sleep(1)
            log.add("parent continues at \(now())")
            return log.items
        }
        // The order CPython 3.11 prints for the same TaskGroup program: siblings are
        // cancelled before the body.
        #expect(events == [
            "sibling cancelled at 1.0", "body cancelled at 1.0", "group: Boom(one),Boom(two)", "parent continues at 2.0",
        ])
    }

    @Test func bodyErrorCancelsChildrenAndJoinsTheGroup() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            do {
                try await AsyncIO.withTaskGroup { tg in
                    try tg.createTask { do { try await AsyncIO.sleep(5) } catch { log.add("child cancelled"); throw error } }
                    try await AsyncIO.sleep(1)
                    throw Boom("body")
                }
            } catch let g as ExceptionGroup {
                log.add("group \(g.errors.count): \(g.errors[0])")
            }
            return log.items
        }
        #expect(events == ["child cancelled", "group 1: Boom(body)"])
    }

    @Test func outerCancellationPropagatesAsCancellation() async throws {
        try await AsyncIO.runInVirtualTime {
            let log = Log()
            let t = AsyncIO.createTask {
                try await AsyncIO.withTaskGroup { tg in
                    try tg.createTask { do { try await AsyncIO.sleep(5) } catch { log.add("child cancelled"); throw error } }
                }
            }
            try await AsyncIO.sleep(1)
            t.cancel()
            await #expect(throws: CancellationError.self) { try await t.value }
            #expect(log.items == ["child cancelled"])
        }
    }

    @Test func createTaskAfterAbortIsRefused() async throws {
        try await AsyncIO.runInVirtualTime {
            var refused = false
            do {
                try await AsyncIO.withTaskGroup { tg in
                    try tg.createTask { throw Boom() }
                    do { try await AsyncIO.sleep(1) } catch {}
                    do { try tg.createTask { 1 } } catch is LoopStateError { refused = true }
                }
            } catch is ExceptionGroup {}
            #expect(refused)
        }
    }
}
