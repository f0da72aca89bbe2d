import AsyncIO

/// Seed 000, "nested asyncio.run()": `AsyncIO.run` cannot be called inside a running loop
/// (it throws `LoopStateError`, asyncio's `RuntimeError`); the fix is to `await`.
/// Python twin: `python/nested_run.py`.
public enum NestedRun {
    static func task() async {
        print("Running inside an event loop")
    }

    public static func run() throws {
        try AsyncIO.run { await task() }  // fine at the top level
        try AsyncIO.run {
            do {
                try AsyncIO.run { await task() }  // ERROR: a loop is already running
            } catch let e as LoopStateError {
                if e.message.contains("cannot be called from a running event loop") {
                    print("RuntimeError: run() cannot be called from a running event loop")
                } else {
                    print("unexpected RuntimeError: \(e)")
                }
            }
            await task()  // Fix: use await instead
        }
    }
}
