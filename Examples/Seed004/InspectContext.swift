import AsyncIO

/// Seed 004, "Checking the current task and loop": `currentTask()`, `allTasks()`,
/// `runningLoop()` (which throws outside a loop, as `get_running_loop()` raises).
/// Python twin: `python/inspect_context.py`.
public enum InspectContext {
    static func inspectContext() async throws {
        // Get the currently executing task
        let current = AsyncIO.currentTask()
        print("Running task: \(current?.name ?? "None")")

        // Get all active tasks
        let allTasks = AsyncIO.allTasks()
        print("All active tasks: \(allTasks.count)")

        // Get the running event loop
        let loop = try AsyncIO.runningLoop()
        print("Running loop: running=\(py(loop.isRunning)) closed=\(py(loop.isClosed))")
    }

    public static func run() throws {
        try AsyncIO.run {
            try await inspectContext()
            let workers = [1, 2].map { i in
                AsyncIO.createTask(name: "worker-\(i)") { try await AsyncIO.sleep(scaled(0.5)) }
            }
            try await inspectContext()
            print(pyList(AsyncIO.allTasks().map(\.name).sorted()))
            _ = try await AsyncIO.gather(workers)
            print("All active tasks: \(AsyncIO.allTasks().count)")
        }

        // runningLoop() throws outside a running loop
        do {
            _ = try AsyncIO.runningLoop()
        } catch is NoRunningLoopError {
            print("RuntimeError: no running event loop")
        }
    }
}
