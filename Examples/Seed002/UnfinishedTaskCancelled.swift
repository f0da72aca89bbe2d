import AsyncIO

/// Seed 002, "Tasks": "If the program ends before a task finishes → the task is
/// cancelled." On the way out `AsyncIO.run` cancels the tasks still pending and waits for
/// them, as `asyncio.run` does. Python twin: `python/unfinished_task_cancelled.py`.
public enum UnfinishedTaskCancelled {
    static func slowJob() async throws {
        print("slow job started")
        do {
            try await AsyncIO.sleep(scaled(2))
            print("slow job finished")  // never printed
        } catch is CancellationError {
            print("slow job cancelled: main returned first")
            throw CancellationError()
        }
    }

    public static func run() throws {
        // cancels the tasks still pending, then waits for them
        try AsyncIO.run {
            let task = AsyncIO.createTask { try await slowJob() }
            try await AsyncIO.sleep(scaled(0.5))
            print("main returns; slow job done: \(py(task.isDone))")
        }
        print("after asyncio.run")
    }
}
