import AsyncIO

/// Seed 003, "Debugging coroutines — name your tasks": a task's name is visible from the
/// handle and, through `currentTask()`, from inside. Python twin: `python/named_task.py`.
public enum NamedTask {
    static func fetchUserData(_ userID: Int) async throws -> String {
        print("\(AsyncIO.currentTask()?.name ?? "?"): fetching user \(userID)")
        try await AsyncIO.sleep(scaled(0.5))
        return "data of user \(userID)"
    }

    public static func run() throws {
        try AsyncIO.run {
            var tasks: [LoopTask<String>] = []
            for userID in [7, 42] {
                let task = AsyncIO.createTask(name: "fetch-user-\(userID)") {
                    try await fetchUserData(userID)
                }
                print("created \(task.name)")
                tasks.append(task)
            }
            for task in tasks {
                print("\(task.name) -> \(try await task.value)")
            }
        }
    }
}
