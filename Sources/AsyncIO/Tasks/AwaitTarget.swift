/// What a suspended task waits on: stored on its record by `EventLoop.suspend`, in the
/// same job that installs the waiter, so the call graph can say what each task awaits.
///
/// The payloads are references the primitive already holds, unretained (no string is
/// built and no reference count touched on the await path); `CallGraph` describes them
/// only when a graph is captured. The target is read only while the record's
/// `inLibraryAwait` is true, when the awaiting frame (a method of the primitive, or a
/// function holding it) keeps the object alive; `suspend` resets it to `.nothing` before
/// returning. Loop thread only.
enum AwaitTarget {
    case nothing
    /// `task.value`.
    case task(Unmanaged<AnyLoopTask>)
    /// `gather`: the children (held by the gathering frame for the whole wait).
    case gather(Unmanaged<GatherChildren>)
    /// A task group's exit, waiting for its children.
    case taskGroup(Unmanaged<LoopTaskGroup>)
    case future(Unmanaged<AnyObject>)
    case queueGet(Unmanaged<AnyObject>)
    case queuePut(Unmanaged<AnyObject>)
    case queueJoin(Unmanaged<AnyObject>)
    case lock(Unmanaged<Lock>)
    case semaphore(Unmanaged<AnyObject>)
    case condition(Unmanaged<AnyObject>)
    case event(Unmanaged<AnyObject>)
    case barrier(Unmanaged<AnyObject>)
    /// A sleep, with its deadline on the loop's clock.
    case sleep(deadline: Double)
    case streamRead(Unmanaged<AnyObject>)
    case streamDrain(Unmanaged<AnyObject>)
    case toThread
    case subprocess(Unmanaged<AnyObject>)
    case shield(Unmanaged<AnyLoopTask>)
    /// Anything else, named by a static string.
    case other(StaticString)
}

/// The children of one `gather`, boxed so that `AwaitTarget` holds only unretained
/// references and stays a plain value (storing it on every await is then a few stores,
/// with no reference counting).
final class GatherChildren {
    let tasks: [AnyLoopTask]
    init(_ tasks: [AnyLoopTask]) { self.tasks = tasks }
}

extension Unmanaged where Instance == AnyObject {
    /// An unretained reference to a primitive, for an `AwaitTarget`.
    static func of(_ object: AnyObject) -> Unmanaged<AnyObject> { .passUnretained(object) }
}
