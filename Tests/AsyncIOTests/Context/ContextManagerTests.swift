import Testing
@testable import AsyncIO

/// Records its enter and exit, as the tutorials' AsyncResource does.
struct Recorded: AsyncContextManager {
    let name: String
    let log: Log
    var failExit = false

    func enter() async throws -> String {
        try await AsyncIO.sleep(0.5)
        log.add("enter \(name)")
        return name.uppercased()
    }

    func exit(error: (any Error)?) async throws {
        try await AsyncIO.sleep(0.5)
        log.add("exit \(name) error=\(error.map { "\($0)" } ?? "nil")")
        if failExit { throw Boom("exit \(name)") }
    }
}

@Suite("async context managers")
struct ContextManagerTests {
    @Test func withRunsEnterBodyExit() async throws {
        let (events, v) = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let v = try await AsyncIO.with(Recorded(name: "r", log: log)) { r in
                log.add("body \(r)")
                return 5
            }
            return (log.items, v)
        }
        #expect(v == 5)
        #expect(events == ["enter r", "body R", "exit r error=nil"])
    }

    @Test func exitSeesTheBlocksErrorAndItPropagates() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            do {
                try await AsyncIO.with(Recorded(name: "r", log: log)) { _ in throw Boom("body") }
            } catch {
                log.add("caught \(error)")
            }
            return log.items
        }
        #expect(events == ["enter r", "exit r error=Boom(body)", "caught Boom(body)"])
    }

    @Test func exitStackUnwindsInReverseAndPassesErrorsAlong() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            do {
                try await AsyncIO.withExitStack { stack in
                    _ = try await stack.enterContext(Recorded(name: "a", log: log))
                    _ = try await stack.enterContext(Recorded(name: "b", log: log, failExit: true))
                    stack.pushCallback { log.add("callback") }
                    #expect(stack.count == 3)
                    log.add("body")
                }
            } catch {
                log.add("caught \(error)")
            }
            return log.items
        }
        #expect(events == [
            "enter a", "enter b", "body", "callback", "exit b error=nil", "exit a error=Boom(exit b)",
            "caught Boom(exit b)",
        ])
    }

    @Test func exitRunsWhenTheBlockIsCancelled() async throws {
        let events = try await AsyncIO.runInVirtualTime {
            let log = Log()
            let t = AsyncIO.createTask {
                try await AsyncIO.with(Recorded(name: "r", log: log)) { _ in try await AsyncIO.sleep(10) }
            }
            try await AsyncIO.sleep(1)
            t.cancel()
            _ = try? await t.value
            return log.items
        }
        #expect(events == ["enter r", "exit r error=CancellationError()"])
    }
}
