/// The loop's live tasks as an intrusive doubly-linked list: O(1) insert and remove with
/// no hashing and no allocation (each task carries its own links). Loop thread only.
struct TaskList {
    private(set) var head: AnyLoopTask?
    private(set) var count = 0

    var isEmpty: Bool { head == nil }

    /// Adds `task` at the front. - Complexity: O(1).
    mutating func insert(_ task: AnyLoopTask) {
        task.listNext = head
        head?.listPrev = task
        task.listPrev = nil
        head = task
        task.inList = true
        count += 1
    }

    /// Removes `task` if it is in the list. - Complexity: O(1).
    mutating func remove(_ task: AnyLoopTask) {
        guard task.inList else { return }
        if let prev = task.listPrev { prev.listNext = task.listNext } else { head = task.listNext }
        task.listNext?.listPrev = task.listPrev
        task.listNext = nil
        task.listPrev = nil
        task.inList = false
        count -= 1
    }

    /// The tasks, newest first.
    var all: [AnyLoopTask] {
        var out: [AnyLoopTask] = []
        out.reserveCapacity(count)
        var t = head
        while let task = t {
            out.append(task)
            t = task.listNext
        }
        return out
    }
}
