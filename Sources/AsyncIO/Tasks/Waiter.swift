/// Something a task is suspended on that a cancellation can interrupt.
protocol Interruptible: AnyObject {
    /// Delivers a cancellation to the suspended task (loop thread).
    func interrupt()
}

/// One suspended task waiting for a `T`: the single wake-up engine behind futures, tasks,
/// sleeps, timeouts and combinators.
///
/// States: `idle` (created, continuation not yet installed), `waiting`, `resumed`;
/// `cancelledEarly` records a cancellation that arrived before the continuation was
/// installed, so it is delivered the moment the task suspends. A waiter is resumed at
/// most once: later resumes are ignored and return false. Loop thread only.
/// The continuation never throws: the outcome travels as a `Result`.
final class Waiter<T>: Interruptible {
    enum State { case idle, waiting, resumed, cancelledEarly }

    @exclusivity(unchecked) private(set) var state: State = .idle
    @exclusivity(unchecked) private var continuation: UnsafeContinuation<Result<T, any Error>, Never>?
    /// What a cancellation does; nil: resume with `CancellationError` at once.
    var onCancel: ((Waiter<T>) -> Void)?
    /// The task record this waiter is registered on, so cancellation can find it.
    // Unowned: read only while the waiter is waiting, when its task is alive and suspended.
    unowned(unsafe) var owner: AnyLoopTask?
    /// Whether a `WaiterQueue` still counts this waiter.
    var isQueued = false

    init(onCancel: ((Waiter<T>) -> Void)? = nil) {
        self.onCancel = onCancel
    }

    var isWaiting: Bool { state == .waiting }

    /// Installs the continuation; returns false if a cancellation already arrived (the
    /// continuation has then been resumed with `CancellationError`).
    func install(_ c: UnsafeContinuation<Result<T, any Error>, Never>) -> Bool {
        if state == .cancelledEarly {
            state = .resumed
            c.resume(returning: .failure(CancellationError()))
            return false
        }
        continuation = c
        state = .waiting
        return true
    }

    /// Resumes the task with `result`. Returns false if it was already resumed.
    @discardableResult
    func resume(_ result: Result<T, any Error>) -> Bool {
        guard state == .waiting, let c = continuation else { return false }
        state = .resumed
        continuation = nil
        onCancel = nil
        if let o = owner, o.waiter === self { o.waiter = nil }
        // The value is handed to a task on the same loop thread; nothing else holds it.
        nonisolated(unsafe) let handedOver = result
        c.resume(returning: handedOver)
        return true
    }

    func interrupt() {
        switch state {
        case .idle:
            state = .cancelledEarly
        case .waiting:
            if let handler = onCancel { handler(self) } else { resume(.failure(CancellationError())) }
        case .resumed, .cancelledEarly:
            break
        }
    }
}

extension EventLoop {
    /// Runs `body` on the loop thread: now if already there, else through the inbox.
    func runOnLoop(_ body: @escaping @Sendable () -> Void) {
        if isOnLoopThread { body() } else { postFromAnyThread(body) }
    }

    /// Suspends the current task until `register`'s waiter is resumed: the one wait/cancel
    /// protocol under every primitive.
    ///
    /// The protocol, which every primitive follows:
    /// - Check state first (a fast path); then call `suspend`, whose `register` closure
    ///   registers the waiter **and then checks the state again**, resuming the waiter at
    ///   once if what it waits for already happened. The re-check is not optional: a task
    ///   whose code is isolated to an actor other than the loop (a main-actor body in
    ///   preference mode, where the main actor is Dispatch's main queue) resumes on the
    ///   loop and switches executors on its way into the continuation, and other tasks run
    ///   in that window (a child finishes, an item is put, a lock is released).
    /// - The waiter is owned by a local of this function for the whole suspension: a
    ///   primitive may drop its own reference before or while resuming it.
    /// - Cancellation — Swift's (`Task.cancel`, a structured parent) or the loop's
    ///   (`LoopTask.cancel`, a timeout, a task group) — reaches the waiter through
    ///   `Waiter.interrupt`, which runs `onCancel` (default: throw `CancellationError`).
    ///   A loop cancellation requested while the task was running is delivered here, at
    ///   once, as asyncio delivers it at the task's next await.
    /// - One cancellation request is delivered once: a request that arrives after the task
    ///   was woken (with a value or an error) replaces the outcome with one
    ///   `CancellationError` and is then spent, as asyncio's `_must_cancel`.
    ///
    /// - Parameter cancellable: false for the waits that must finish even when cancelled
    ///   (waiting for cancelled children to wind down).
    ///   - onLateCancel: called with the value when the task was woken but a loop
    ///     cancellation arrived before it ran: asyncio then raises `CancelledError` at the
    ///     await, so the value is not delivered; a primitive hands its grant on here (a
    ///     lock wakes the next waiter, a semaphore returns its permit).
    nonisolated(nonsending) func suspend<T>(
        cancellable: Bool = true,
        onCancel: ((Waiter<T>) -> Void)? = nil,
        onLateCancel: ((T) -> Void)? = nil,
        target: AwaitTarget = .nothing,
        file: StaticString = "",
        line: UInt = 0,
        register: (Waiter<T>) -> Void
    ) async throws -> T {
        let record: AnyLoopTask?
        let borrowed: Bool
        // A Swift task the library did not create gets a record for the await, so the
        // call graph sees it (found by pointer; dropped when the await ends). Constants,
        // not vars: the closures below capture them, and a captured var is a heap box.
        if let r = currentRecord() {
            record = r
            borrowed = false
        } else {
            record = borrowRecord()
            borrowed = record != nil
        }
        // A loop cancellation requested while the task ran is delivered to what it is
        // about to wait on (asyncio cancels the future the task yields), so a pending
        // cancel of a task awaiting a gather cancels the gather's children too.
        var deliverNow = false
        if cancellable, let r = record, r.mustCancel {
            r.mustCancel = false
            deliverNow = true
        }
        if let r = record {
            // Set before the continuation closure (which would otherwise capture them):
            // read only once `inLibraryAwait` is set in it.
            r.awaiting = target
            r.awaitFile = file
            r.awaitLine = line
        }
        let waiter = Waiter<T>(onCancel: onCancel)
        let outcome: Result<T, any Error>
        if !cancellable || record.map({ !$0.isEphemeral }) == true {
            // A task the library created: its Swift task is private, so nothing can cancel
            // it the Swift way; the loop's own cancellation finds the waiter through the
            // record. No cancellation handler to install (it costs a status record).
            outcome = await withUnsafeContinuation { c in
                guard waiter.install(c) else { return }
                if let r = record {
                    r.inLibraryAwait = true
                    if cancellable {
                        waiter.owner = r
                        r.waiter = waiter
                    }
                }
                register(waiter)
                if deliverNow { deliverPending(waiter, record) }
            }
        } else {
            let box = UncheckedBox(waiter)
            outcome = await withTaskCancellationHandler {
                await withUnsafeContinuation { c in
                    guard waiter.install(c) else { return }
                    if let r = record {
                        r.inLibraryAwait = true
                        waiter.owner = r
                        r.waiter = waiter
                    }
                    register(waiter)
                    if deliverNow { deliverPending(waiter, record) }
                }
            } onCancel: { [self] in
                runOnLoop { box.value.interrupt() }
            }
        }
        withExtendedLifetime(waiter) {}
        if borrowed, let r = record { releaseRecord(r) }
        if let r = record {
            r.inLibraryAwait = false
            r.awaiting = .nothing
            if cancellable && r.mustCancel {
                // Woken, then cancelled before running: the cancellation wins, once.
                r.mustCancel = false
                if case .success(let value) = outcome { onLateCancel?(value) }
                throw CancellationError()
            }
        }
        return try outcome.get()
    }

    /// Delivers a cancellation requested before the task suspended: to the waiter, or,
    /// if `register` already resumed it (what it waits for had happened), as a late
    /// cancellation, which the end of `suspend` turns into one `CancellationError`.
    private func deliverPending<T>(_ waiter: Waiter<T>, _ record: AnyLoopTask?) {
        if waiter.isWaiting {
            waiter.interrupt()
        } else {
            record?.mustCancel = true
        }
    }

    /// The record of the Swift task running now: a `LoopTask`, or a record made for a task
    /// the library did not create (see `ensureRecord`). Nil if there is none.
    func currentRecord() -> AnyLoopTask? {
        // A library task carries its record in a task-local. Structured children (async
        // let, Swift task groups) inherit task-locals, so the record must also be the
        // running task's own.
        if let r = CurrentRecord.value, r.loop === self, r.pointer == currentTaskPointer() { return r }
        guard tasks.hasRecordsByPointer, let p = currentTaskPointer(), let r = tasks.record(at: p), r.isEphemeral
        else { return nil }
        return r
    }

    /// The current task's record, made on demand for a Swift task the library did not
    /// create (timeouts and task groups need one to cancel and uncancel). Such a record
    /// is reference-counted by its users and dropped when the last one exits.
    func ensureRecord() -> AnyLoopTask? {
        guard let p = currentTaskPointer() else { return nil }
        if let r = currentRecord() {
            if r.isEphemeral { r.ephemeralUsers += 1 }
            return r
        }
        let r = AnyLoopTask(loop: self, name: Task.name, ephemeral: true)
        r.pointer = p
        // Its own Swift task is what a cancellation outside library awaits interrupts.
        r.swiftTask = withUnsafeCurrentTask { $0 }
        r.hasStarted = true
        r.ephemeralUsers = 1
        tasks.setRecord(r, at: p)
        return r
    }

    /// `ensureRecord` for one await of a Swift task the library did not create (kept out
    /// of line: library tasks never get here).
    @inline(never)
    private func borrowRecord() -> AnyLoopTask? {
        ensureRecord()
    }

    /// Releases a record obtained from `ensureRecord`.
    func releaseRecord(_ r: AnyLoopTask) {
        guard r.isEphemeral else { return }
        r.ephemeralUsers -= 1
        if r.ephemeralUsers == 0 {
            r.swiftTask = nil  // the Swift task may end now: keep no pointer to it
            if let p = r.pointer { tasks.forgetRecord(at: p) }
        }
    }
}

/// The running Swift task's pointer (stable for its life; equal to its jobs' pointers).
func currentTaskPointer() -> UnsafeRawPointer? {
    withUnsafeCurrentTask { task in
        task.map { unsafeBitCast($0, to: UnsafeRawPointer.self) }
    }
}

/// The library task a Swift task runs, as a task-local (cheaper than a map lookup).
enum CurrentRecord {
    @TaskLocal static var value: AnyLoopTask?
}
