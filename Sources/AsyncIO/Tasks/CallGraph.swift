/// A snapshot of who awaits whom around one task: what it waits on (recursively, through
/// the tasks it awaits) and which tasks wait on it (recursively, up to the tasks nobody
/// awaits). Captured on the loop thread; the descriptions are built at capture time.
///
/// Usage: `print(AsyncIO.formatCallGraph(AsyncIO.captureCallGraph(worker)))`
///
/// asyncio: `asyncio.capture_call_graph` (3.14), which walks only upwards (`awaited_by`);
/// this one also walks down, and says what each leaf waits on.
public struct CallGraph: Sendable {
    /// The task this node is about.
    public let task: AnyLoopTask
    /// What the task is suspended on; nil if it is running, done, or suspended outside the
    /// library (an await of a Swift primitive the library does not own).
    public let awaiting: Awaiting?
    /// The tasks it waits on (`task.value`, a gather's children, a task group's children,
    /// a shielded task), each with its own graph downwards.
    public let awaitedTasks: [CallGraph]
    /// The tasks waiting on it, each with its own graph upwards.
    public let awaitedBy: [CallGraph]

    /// One suspension: its kind, what it waits on, and where in the user's code.
    public struct Awaiting: Sendable, Equatable {
        public enum Kind: String, Sendable {
            case task, gather, taskGroup, future, queueGet, queuePut, queueJoin
            case lock, semaphore, condition, event, barrier, sleep
            case streamRead, streamDrain, toThread, subprocess, shield, other
        }
        public let kind: Kind
        /// What is awaited, for people: the queue, the lock, the time left of a sleep.
        public let detail: String
        /// The await's source location (`#fileID`), nil when the entry point has none.
        public let file: String?
        public let line: Int?
    }
}

/// Captures the call graph of `task` (nil: the current task, or the record of the Swift
/// task running now if it is suspended in a library await). Loop thread only.
///
/// - Returns: nil outside a loop, or when there is no current task.
public func captureCallGraph(_ task: AnyLoopTask? = nil) -> CallGraph? {
    guard let loop = EventLoop.current else { return nil }
    guard let root = task ?? loop.currentRecord() else { return nil }
    let others = loop.tasks.pending + loop.tasks.foreignRecords
    var downSeen: Set<ObjectIdentifier> = []
    var upSeen: Set<ObjectIdentifier> = []
    let down = buildDown(root, loop: loop, seen: &downSeen)
    let up = buildUp(root, among: others, loop: loop, seen: &upSeen)
    return CallGraph(task: root, awaiting: down.awaiting, awaitedTasks: down.awaitedTasks, awaitedBy: up.awaitedBy)
}

/// Formats a call graph in the layout of CPython 3.14's `asyncio.format_call_graph`: the
/// task, its call stack (here: the await's source location), and the tasks awaiting it,
/// indented one level per hop. Two additions CPython cannot show: `+ Waiting on:` (what a
/// suspended task waits on) and `+ Awaiting:` (the tasks it waits on, downwards).
public func formatCallGraph(_ graph: CallGraph) -> String {
    var lines: [String] = []
    render(graph, into: &lines, level: 0, down: true, up: true)
    return lines.joined(separator: "\n")
}

/// Prints `formatCallGraph(captureCallGraph(task))`. asyncio: `asyncio.print_call_graph`.
public func printCallGraph(_ task: AnyLoopTask? = nil) {
    if let g = captureCallGraph(task) { print(formatCallGraph(g)) }
}

// MARK: building

private func buildDown(_ t: AnyLoopTask, loop: EventLoop, seen: inout Set<ObjectIdentifier>) -> CallGraph {
    seen.insert(ObjectIdentifier(t))
    let awaiting = describeAwait(t, loop: loop)
    var children: [CallGraph] = []
    for c in awaitedTasks(of: t) where !seen.contains(ObjectIdentifier(c)) {
        children.append(buildDown(c, loop: loop, seen: &seen))
    }
    return CallGraph(task: t, awaiting: awaiting, awaitedTasks: children, awaitedBy: [])
}

private func buildUp(
    _ t: AnyLoopTask, among others: [AnyLoopTask], loop: EventLoop, seen: inout Set<ObjectIdentifier>
) -> CallGraph {
    seen.insert(ObjectIdentifier(t))
    var parents: [CallGraph] = []
    for o in others where !seen.contains(ObjectIdentifier(o)) {
        if awaitedTasks(of: o).contains(where: { $0 === t }) {
            parents.append(buildUp(o, among: others, loop: loop, seen: &seen))
        }
    }
    return CallGraph(task: t, awaiting: describeAwait(t, loop: loop), awaitedTasks: [], awaitedBy: parents)
}

/// The tasks `t` waits on while suspended in a library await.
private func awaitedTasks(of t: AnyLoopTask) -> [AnyLoopTask] {
    guard t.inLibraryAwait, !t.isDone else { return [] }
    switch t.awaiting {
    case .task(let other): return [other.takeUnretainedValue()]
    case .gather(let children): return children.takeUnretainedValue().tasks.filter { !$0.isDone }
    case .taskGroup(let group): return group.takeUnretainedValue().runningChildren
    case .shield(let other): return [other.takeUnretainedValue()]
    default: return []
    }
}

private func describeAwait(_ t: AnyLoopTask, loop: EventLoop) -> CallGraph.Awaiting? {
    guard t.inLibraryAwait, !t.isDone else { return nil }
    typealias Kind = CallGraph.Awaiting.Kind
    let kind: Kind
    let detail: String
    switch t.awaiting {
    case .nothing: return nil
    case .task(let o): (kind, detail) = (.task, "\(o.takeUnretainedValue().name).value")
    case .gather(let box):
        let cs = box.takeUnretainedValue().tasks
        (kind, detail) = (.gather, "gather of \(cs.count) (\(cs.filter { !$0.isDone }.count) pending)")
    case .taskGroup(let g): (kind, detail) = (.taskGroup, "task group, \(g.takeUnretainedValue().runningChildren.count) running")
    case .future(let f): (kind, detail) = (.future, "\(f.takeUnretainedValue())")
    case .queueGet(let q): (kind, detail) = (.queueGet, "get from \(q.takeUnretainedValue())")
    case .queuePut(let q): (kind, detail) = (.queuePut, "put into \(q.takeUnretainedValue())")
    case .queueJoin(let q): (kind, detail) = (.queueJoin, "join of \(q.takeUnretainedValue())")
    case .lock(let l): (kind, detail) = (.lock, "\(l.takeUnretainedValue())")
    case .semaphore(let s): (kind, detail) = (.semaphore, "\(s.takeUnretainedValue())")
    case .condition(let c): (kind, detail) = (.condition, "\(c.takeUnretainedValue())")
    case .event(let e): (kind, detail) = (.event, "\(e.takeUnretainedValue())")
    case .barrier(let b): (kind, detail) = (.barrier, "\(b.takeUnretainedValue())")
    case .sleep(let deadline):
        let left = max(0, deadline - loop.time())
        (kind, detail) = (.sleep, "sleep, \(graphSeconds(left)) s left")
    case .streamRead(let r): (kind, detail) = (.streamRead, "read from \(r.takeUnretainedValue())")
    case .streamDrain(let w): (kind, detail) = (.streamDrain, "drain of \(w.takeUnretainedValue())")
    case .toThread: (kind, detail) = (.toThread, "a call on a worker thread")
    case .subprocess(let p): (kind, detail) = (.subprocess, "exit of \(p.takeUnretainedValue())")
    case .shield(let o): (kind, detail) = (.shield, "shield of \(o.takeUnretainedValue().name)")
    case .other(let s): (kind, detail) = (.other, "\(s)")
    }
    let file = "\(t.awaitFile)"
    return CallGraph.Awaiting(
        kind: kind, detail: detail,
        file: file.isEmpty ? nil : file, line: file.isEmpty ? nil : Int(t.awaitLine))
}

/// Seconds with three decimals, without Foundation.
private func graphSeconds(_ s: Double) -> String {
    let ms = Int((s * 1000).rounded())
    let frac = String(ms % 1000)
    return "\(ms / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
}

// MARK: formatting

private func render(_ g: CallGraph, into lines: inout [String], level: Int, down: Bool, up: Bool) {
    let pad = String(repeating: "    ", count: level)
    let id = String(UInt(bitPattern: ObjectIdentifier(g.task)), radix: 16)
    lines.append(pad + "* Task(name='\(g.task.name)', id=0x\(id))")
    if let a = g.awaiting {
        if let file = a.file, let line = a.line {
            lines.append(pad + "  + Call stack:")
            lines.append(pad + "  |   File '\(file)', line \(line), in await \(a.kind.rawValue)")
        }
        lines.append(pad + "  + Waiting on: \(a.detail)")
    }
    if down && !g.awaitedTasks.isEmpty {
        lines.append(pad + "  + Awaiting:")
        for c in g.awaitedTasks { render(c, into: &lines, level: level + 1, down: true, up: false) }
    }
    if up && !g.awaitedBy.isEmpty {
        lines.append(pad + "  + Awaited by:")
        for p in g.awaitedBy { render(p, into: &lines, level: level + 1, down: false, up: true) }
    }
}
