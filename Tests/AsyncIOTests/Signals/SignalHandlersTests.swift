// loop.addSignalHandler / removeSignalHandler and AsyncIO.signals, in this process: the
// signals are sent to the process itself with kill(2), from the loop or from a thread.
// SIGUSR1 and SIGUSR2 only, set to SIG_IGN around each test, so a signal that arrives
// after its handler is gone is ignored instead of ending the test run.
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import AsyncIO

/// Whether `signal`'s current action is SIG_IGN.
private func isIgnored(_ signal: Int32) -> Bool {
    var current = sigaction()
    sigaction(signal, nil, &current)
    // SIG_IGN is the function pointer 1.
    return unsafeBitCast(current.__sigaction_handler.sa_handler, to: UnsafeRawPointer?.self) == UnsafeRawPointer(bitPattern: 1)
}

@Suite("Signals", .serialized)
struct SignalHandlersTests {
    init() {
        signal(SIGUSR1, SIG_IGN)
        signal(SIGUSR2, SIG_IGN)
    }

    @Test func aHandlerRunsOnTheLoopThreadAndIsRemoved() async throws {
        let (ranOnLoop, removed, restored) = try await AsyncIO.runOnNewThread { () -> (Bool, Bool, Bool) in
            let loop = try AsyncIO.runningLoop()
            let got = Event()
            nonisolated(unsafe) var onLoop = false
            try loop.addSignalHandler(SIGUSR1) {
                onLoop = EventLoop.current === loop
                got.set()
            }
            #expect(!isIgnored(SIGUSR1))
            kill(getpid(), SIGUSR1)
            try await AsyncIO.waitFor(timeout: 5) { try await got.wait() }
            let removed = loop.removeSignalHandler(SIGUSR1)
            return (onLoop, removed && !loop.removeSignalHandler(SIGUSR1), isIgnored(SIGUSR1))
        }
        #expect(ranOnLoop)
        #expect(removed)
        #expect(restored, "the previous action (SIG_IGN) is back")
    }

    @Test func signalsThatCannotBeCaughtAreRefused() async throws {
        let messages = try await AsyncIO.runOnNewThread { () -> [String] in
            let loop = try AsyncIO.runningLoop()
            var out: [String] = []
            for s in [SIGKILL, SIGSTOP, 0, -1, 65, Int32.max] {
                do {
                    try loop.addSignalHandler(s) {}
                    out.append("added \(s)")
                } catch let e as ValueError {
                    out.append(e.message)
                }
            }
            return out
        }
        #expect(messages == [
            "sig 9 cannot be caught", "sig 19 cannot be caught", "sig 0 out of range(1, 65)",
            "sig -1 out of range(1, 65)", "sig 65 out of range(1, 65)", "sig 2147483647 out of range(1, 65)",
        ])
    }

    @Test func aClosedLoopTakesNoHandlerAndClosingRemovesThem() async throws {
        let loop = try EventLoop()
        try loop.addSignalHandler(SIGUSR2) {}
        #expect(!isIgnored(SIGUSR2))
        try loop.close()
        #expect(isIgnored(SIGUSR2), "close() puts the previous action back")
        #expect(throws: LoopStateError.self) { try loop.addSignalHandler(SIGUSR2) {} }
    }

    @Test func signalsAsAnAsyncSequence() async throws {
        let received = try await AsyncIO.runOnNewThread { () -> [Int32] in
            let sequence = try AsyncIO.signals([SIGUSR1, SIGUSR2])
            kill(getpid(), SIGUSR2)
            var got: [Int32] = []
            for try await s in sequence {
                got.append(s)
                if got.count == 1 { kill(getpid(), SIGUSR1) }
                if got.count == 2 { sequence.stop() }
            }
            return got
        }
        #expect(received == [SIGUSR2, SIGUSR1])
        #expect(isIgnored(SIGUSR1) && isIgnored(SIGUSR2))
    }

    @Test func addedAndRemovedUnderLoad() async throws {
        // Another thread sends SIGUSR1 all along while the loop adds and removes the
        // handler 2,000 times: no crash, no lost loop, and the handler ran.
        let runs = try await AsyncIO.runOnNewThread { () -> Int in
            let loop = try AsyncIO.runningLoop()
            nonisolated(unsafe) var runs = 0
            let sending = Locked(true)
            try startThread {
                while sending.withLock({ $0 }) {
                    kill(getpid(), SIGUSR1)
                    usleep(50)
                }
            }
            for _ in 0..<2_000 {
                try loop.addSignalHandler(SIGUSR1) { runs += 1 }
                try await AsyncIO.sleep(0)
                loop.removeSignalHandler(SIGUSR1)
            }
            try loop.addSignalHandler(SIGUSR1) { runs += 1 }
            try await AsyncIO.sleep(0.05)
            loop.removeSignalHandler(SIGUSR1)
            sending.withLock { $0 = false }
            return runs
        }
        #expect(runs > 0)
        #expect(isIgnored(SIGUSR1))
    }
}
