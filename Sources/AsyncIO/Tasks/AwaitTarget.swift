/// What a suspended task waits on: stored on its record by `EventLoop.suspend`, in the
/// same job that installs the waiter, so the call graph can say what each task awaits.
///
/// The payloads are references the primitive already holds (no string is built on the
/// await path); `CallGraph` describes them only when a graph is captured. The target is
/// meaningful while the record's `inLibraryAwait` is true. Loop thread only.
enum AwaitTarget {
    case nothing
    /// `task.value`.
    case task(AnyLoopTask)
    /// `gather`: the children.
    case gather([AnyLoopTask])
    /// A task group's exit, waiting for its children.
    case taskGroup(LoopTaskGroup)
    case future(AnyObject)
    case queueGet(AnyObject)
    case queuePut(AnyObject)
    case queueJoin(AnyObject)
    case lock(Lock)
    case semaphore(AnyObject)
    case condition(AnyObject)
    case event(AnyObject)
    case barrier(AnyObject)
    /// A sleep, with its deadline on the loop's clock.
    case sleep(deadline: Double)
    case streamRead(AnyObject)
    case streamDrain(AnyObject)
    case toThread
    case subprocess(AnyObject)
    case shield(AnyLoopTask?)
    /// Anything else, named by a static string.
    case other(StaticString)
}
