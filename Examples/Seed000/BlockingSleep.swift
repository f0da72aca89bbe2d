import AsyncIO

/// Seed 000, "time.sleep vs asyncio.sleep" (the bad one): a blocking sleep inside a
/// coroutine freezes the whole event loop. Python twin: `python/blocking_sleep.py`.
public enum BlockingSleep {
    static func asyncTask() async {
        print("Task started...")
        blockingSleep(3)  // Blocks the whole event loop! (Python: time.sleep(3))
        print("Task completed!")
    }

    public static func run() throws {
        try AsyncIO.run {
            await asyncTask()  // This blocks everything for 3 sec
            print("Main function continues...")
        }
    }
}
