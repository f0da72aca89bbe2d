// A program whose entry point is `@main` + `AsyncIOMain`: whole-program mode without a
// main.swift. The tests run it and read what it prints.
import AsyncIO
import CAsyncIOShims

@MainActor final class Counter { var n = 0 }

@main
struct App: AsyncIOMain {
    static func run() async throws {
        let loop = try AsyncIO.runningLoop()
        let counter = Counter()
        let unstructured = Task { loop.isOnLoopThread }
        let detached = Task.detached { loop.isOnLoopThread }
        async let child = { loop.isOnLoopThread }()
        await MainActor.run { counter.n += 1 }
        let t0 = loop.time()
        try await Task.sleep(for: .milliseconds(20))  // Swift's sleep, on the loop's timers
        let slept = loop.time() - t0 >= 0.02
        print("task=\(await unstructured.value) detached=\(await detached.value) asyncLet=\(await child)"
            + " mainActor=\(counter.n) taskSleepOnLoop=\(slept) mainThread=\(CAsyncIO_is_main_thread() != 0)")
    }
}
