/// The loop's registry of task records: the live library tasks (asyncio's `_all_tasks`),
/// and the records found by Swift task pointer. Loop thread only.
///
/// A record is found by pointer when its Swift task is one the library did not create
/// (timeouts and task groups need one; see `EventLoop.ensureRecord`), and in debug mode
/// for every library task (to name the task a job belongs to). A library task otherwise
/// finds its own record through the `CurrentRecord` task-local, which is cheaper.
struct TaskRegistry {
    /// Tasks created by the library that have not finished.
    private var live = TaskList()
    /// Records by Swift task pointer (a task's pointer is its jobs' pointer).
    private var byPointer: [UnsafeRawPointer: AnyLoopTask] = [:]

    /// The live tasks that are not done, newest first (asyncio's `all_tasks()`).
    /// - Complexity: O(live tasks).
    var pending: [AnyLoopTask] { live.all.filter { !$0.isDone } }

    /// A library task was created. - Complexity: O(1).
    mutating func insert(_ task: AnyLoopTask) {
        live.insert(task)
    }

    /// A task finished: it leaves the live list, and the pointer map if it is there.
    /// - Complexity: O(1).
    mutating func remove(_ task: AnyLoopTask) {
        live.remove(task)
        if !byPointer.isEmpty, let p = task.pointer, byPointer[p] === task { byPointer[p] = nil }
    }

    /// The records of Swift tasks the library did not create (the call graph lists them).
    var foreignRecords: [AnyLoopTask] { byPointer.values.filter(\.isEphemeral) }

    /// Whether any record is kept by pointer (checked first on the hot path: usually none).
    var hasRecordsByPointer: Bool { !byPointer.isEmpty }

    /// The record of the Swift task at `p`, if one is kept.
    func record(at p: UnsafeRawPointer) -> AnyLoopTask? {
        byPointer[p]
    }

    /// Keeps `record` as the record of the Swift task at `p`.
    mutating func setRecord(_ record: AnyLoopTask, at p: UnsafeRawPointer) {
        byPointer[p] = record
    }

    /// Removes the record of the Swift task at `p`.
    mutating func forgetRecord(at p: UnsafeRawPointer) {
        byPointer[p] = nil
    }
}
