import AsyncIO

/// Seed 004, "Running coroutines with asyncio.run()": a nested run, deeper in the call
/// chain, throws (`LoopStateError`; Python: `RuntimeError`) and its closure never runs.
/// Python twin: `python/nested_run_raises.py`.
public enum NestedRunRaises {
    static func otherCoro() async {
        print("other_coro ran")  // never printed
    }

    static func nested() async throws {
        // This throws: the event loop is already running
        try AsyncIO.run { await otherCoro() }
    }

    public static func run() throws {
        try AsyncIO.run {
            do {
                try await nested()
            } catch let e as LoopStateError {
                if e.message.contains("cannot be called from a running event loop") {
                    print("RuntimeError: run() cannot be called from a running event loop")
                } else {
                    print("unexpected RuntimeError: \(e)")
                }
            }
        }
    }
}
