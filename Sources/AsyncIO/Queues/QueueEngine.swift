/// The queue behind `Queue`, `LifoQueue` and `PriorityQueue`: waiting getters and putters,
/// backpressure, `join`/`taskDone` and `shutdown`, over a pluggable `QueueStorage` that
/// decides the order items come out in.
///
/// Usage: `let q = Queue<String>(maxsize: 100)` (or `LifoQueue`, `PriorityQueue`)
///
/// asyncio: `asyncio.Queue` and its subclasses, with 3.13's `shutdown`. As in asyncio, a
/// queue is not thread-safe: use it from tasks of one loop (the first loop a call waits
/// on binds it). `get`, `put` and `join` called from another executor inside a loop's
/// task (an actor of your own, say) move to the loop first; outside any loop they throw
/// `NoRunningLoopError`. A queue is also an `AsyncSequence` that ends once it is shut down
/// and empty.
///
/// Waiting follows asyncio exactly: a wake-up is a hint, so `get` and `put` check the
/// queue again after each one (a task that did not have to wait may take the item first,
/// and the woken task waits again at the back). A waiting `get` or `put` that is
/// cancelled leaves the queue as if it had never waited: no item is lost or added, and if
/// it had already been woken its wake-up goes to the next waiter.
public final class QueueEngine<Storage: QueueStorage>: CustomStringConvertible, @unchecked Sendable {
    // @unchecked Sendable: used on the loop thread only, like an asyncio Queue; the handle
    // is shared by the loop's tasks, never used from two threads.

    /// The type of the items.
    public typealias Element = Storage.Element

    // MARK: loop thread only
    //
    // The hot fields are `@exclusivity(unchecked)`: no method holds an access to one of
    // them across a call that could reach the queue again (waking a waiter only enqueues
    // a job), and the runtime checks cost more than the rest of a fast-path put and get.

    /// The items. asyncio: `_queue`.
    @exclusivity(unchecked) @usableFromInline var _storage = Storage()
    /// Tasks waiting in `get` for an item. asyncio: `_getters`.
    @exclusivity(unchecked) @usableFromInline var _getters = WaiterQueue<Void>()
    /// Tasks waiting in `put` for a free slot. asyncio: `_putters`.
    @exclusivity(unchecked) @usableFromInline var _putters = WaiterQueue<Void>()
    /// Tasks waiting in `join`. asyncio: the waiters of the `_finished` Event, which is set
    /// exactly when `_unfinishedTasks` is 0.
    var joiners = WaiterQueue<Void>()
    /// Items put and not yet marked done by `taskDone`. asyncio: `_unfinished_tasks`.
    @exclusivity(unchecked) @usableFromInline var _unfinishedTasks = 0
    /// Set by `shutdown`; never cleared. asyncio: `_is_shutdown`.
    @exclusivity(unchecked) @usableFromInline var _isShutdown = false
    /// The loop of the first call that waited. asyncio: `_LoopBoundMixin._loop`.
    private var boundLoop: EventLoop?
    /// `boundLoop`'s address, compared by the fast paths without retaining anything.
    @exclusivity(unchecked) private var boundLoopAddress: UnsafeMutableRawPointer?

    /// The number of items allowed in the queue; 0 or less: no limit. asyncio: `maxsize`.
    public let maxsize: Int

    /// An empty queue holding at most `maxsize` items (0 or less: no limit).
    ///
    /// Usage: `let q = Queue<Int>(maxsize: 1)` — asyncio: `asyncio.Queue(maxsize=1)`.
    public init(maxsize: Int = 0) {
        self.maxsize = maxsize
    }

    // MARK: size

    /// The number of items in the queue.
    ///
    /// Usage: `if q.qsize > 100 { … }` — asyncio: `qsize()`.
    @inlinable public var qsize: Int { _storage.count }

    /// Whether the queue holds no item.
    ///
    /// Usage: `while !q.isEmpty { … }` — asyncio: `empty()`.
    @inlinable public var isEmpty: Bool { _storage.count == 0 }

    /// Whether the queue holds `maxsize` items; never true without a limit.
    ///
    /// Usage: `if q.isFull { … }` — asyncio: `full()`.
    @inlinable public var isFull: Bool { maxsize > 0 && _storage.count >= maxsize }

    // MARK: put

    /// Adds an item, first waiting for a free slot while the queue is full.
    ///
    /// Usage: `try await q.put(job)` — asyncio: `await q.put(item)`.
    /// - Throws: `QueueShutDown` if the queue is shut down, also while waiting;
    ///   `CancellationError`; `NoRunningLoopError` outside a loop; `LoopStateError` on a loop
    ///   other than the queue's.
    /// - Note: a cancelled `put` adds nothing; if a `get` had already made room for it, the
    ///   room goes to the next waiting `put`.
    @inlinable
    nonisolated(nonsending) public func put(
        _ item: Element, file: StaticString = #fileID, line: UInt = #line
    ) async throws {
        if _isOnLoopThread(), !_isShutdown, !isFull {
            _putNow(item)
        } else {
            try await _putWaiting(item, file: file, line: line)
        }
    }

    /// Adds an item without waiting.
    ///
    /// Usage: `try q.putNowait(job)` — asyncio: `q.put_nowait(item)`.
    /// - Throws: `QueueShutDown` if the queue is shut down; `QueueFull` if it is full.
    @inlinable
    public func putNowait(_ item: Element) throws {
        if _isShutdown { throw QueueShutDown() }
        if isFull { throw QueueFull() }
        _putNow(item)
    }

    @inlinable
    func _putNow(_ item: Element) {
        _storage.put(item)
        _unfinishedTasks += 1
        if !_getters.isEmpty { _wakeNextGetter() }
    }

    /// `put` on a full or shut-down queue, or from off the loop's thread: on the loop, wait
    /// for room, checking again after each wake-up (asyncio's `while self.full()` loop).
    @usableFromInline @inline(never)
    func _putWaiting(_ item: Element, file: StaticString, line: UInt) async throws {
        let loop = try loopForWaiting()
        while isFull {
            if _isShutdown { throw QueueShutDown() }
            try await loop.suspend(
                onCancel: { [self] (w: Waiter<Void>) in
                    _putters.remove(w)
                    w.resume(.failure(CancellationError()))
                },
                onLateCancel: { [self] _ in
                    // Woken by a get but cancelled before it could put: the free slot
                    // goes to the next putter.
                    if !isFull { _wakeNextPutter() }
                },
                target: .queuePut(.of(self)), file: file, line: line,
                register: { [self] w in
                    if !isFull || _isShutdown { w.resume(.success(())) } else { _putters.append(w) }
                })
        }
        try putNowait(item)
    }

    // MARK: get

    /// Removes and returns the next item, first waiting for one while the queue is empty.
    ///
    /// Usage: `let job = try await q.get()` — asyncio: `await q.get()`.
    /// - Throws: `QueueShutDown` if the queue is shut down and empty, also while waiting
    ///   (a shut-down queue still hands out the items it holds, unless it was shut down
    ///   with `immediate: true`); `CancellationError`; `NoRunningLoopError` outside a loop;
    ///   `LoopStateError` on a loop other than the queue's.
    /// - Note: a cancelled `get` takes nothing; if a `put` had already woken it, the item
    ///   goes to the next waiting `get`.
    @inlinable
    nonisolated(nonsending) public func get(file: StaticString = #fileID, line: UInt = #line) async throws -> Element {
        if _isOnLoopThread(), let item = _storage.take() {
            if !_putters.isEmpty { _wakeNextPutter() }
            return item
        }
        return try await _getWaiting(file: file, line: line)
    }

    /// Removes and returns the next item without waiting.
    ///
    /// Usage: `let job = try q.getNowait()` — asyncio: `q.get_nowait()`.
    /// - Throws: `QueueShutDown` if the queue is shut down and empty; `QueueEmpty` if it is
    ///   empty.
    @inlinable
    public func getNowait() throws -> Element {
        guard let item = _storage.take() else {
            if _isShutdown { throw QueueShutDown() }
            throw QueueEmpty()
        }
        if !_putters.isEmpty { _wakeNextPutter() }
        return item
    }

    /// `get` on an empty queue, or from off the loop's thread: on the loop, wait for an
    /// item, checking again after each wake-up (asyncio's `while self.empty()` loop).
    @usableFromInline @inline(never)
    func _getWaiting(file: StaticString, line: UInt) async throws -> Element {
        let loop = try loopForWaiting()
        while isEmpty {
            if _isShutdown { throw QueueShutDown() }
            try await loop.suspend(
                onCancel: { [self] (w: Waiter<Void>) in
                    _getters.remove(w)
                    w.resume(.failure(CancellationError()))
                },
                onLateCancel: { [self] _ in
                    // Woken by a put but cancelled before it could take the item: the
                    // item goes to the next getter.
                    if !isEmpty { _wakeNextGetter() }
                },
                target: .queueGet(.of(self)), file: file, line: line,
                register: { [self] w in
                    if !isEmpty || _isShutdown { w.resume(.success(())) } else { _getters.append(w) }
                })
        }
        return try getNowait()
    }

    // MARK: waking (asyncio's _wakeup_next)

    @usableFromInline @inline(never)
    func _wakeNextGetter() {
        _getters.popFirst()?.resume(.success(()))
    }

    @usableFromInline @inline(never)
    func _wakeNextPutter() {
        _putters.popFirst()?.resume(.success(()))
    }

    // MARK: the loop

    // `get` and `put` are `nonisolated(nonsending)`: they run where their caller runs, so
    // their fast paths cost no executor hop (a put and a get that need not wait went from
    // about 5 M to 35 M pairs/s with this and the unchecked fields; main-actor code in
    // whole-program mode also saves a ready-ring job per call). Only a caller on the loop's
    // thread may take a fast path; anyone else (an actor on another executor, say) goes to
    // the slow paths, which are ordinary nonisolated functions and so run on the task's
    // preferred executor: the loop, for every task the library starts.

    /// Whether the caller runs on the thread of the loop the queue belongs to (any loop's,
    /// before the queue is bound). Not inlined: it reads the shim's thread-local.
    @usableFromInline @inline(never)
    func _isOnLoopThread() -> Bool {
        guard let current = EventLoop.currentAddress else { return false }
        return boundLoopAddress == nil || boundLoopAddress == current
    }

    /// The running loop of the calling thread, binding the queue to it on first use.
    private func loopForWaiting() throws -> EventLoop {
        guard let loop = EventLoop.current, loop.isRunning else { throw NoRunningLoopError() }
        if let bound = boundLoop {
            if bound !== loop { throw LoopStateError("\(self) is bound to a different event loop") }
        } else {
            boundLoop = loop
            boundLoopAddress = Unmanaged.passUnretained(loop).toOpaque()
        }
        return loop
    }

    // MARK: join

    /// Marks one item taken from the queue as processed; when every item put has been
    /// marked, the tasks waiting in `join` wake up.
    ///
    /// Usage: `let job = try await q.get(); defer { try? q.taskDone() }` — asyncio:
    /// `q.task_done()`.
    /// - Throws: `QueueValueError` ("task_done() called too many times") if every item put is
    ///   already marked.
    public func taskDone() throws {
        guard _unfinishedTasks > 0 else { throw QueueValueError("task_done() called too many times") }
        _unfinishedTasks -= 1
        if _unfinishedTasks == 0 { wakeJoiners() }
    }

    /// Waits until every item put has been marked processed with `taskDone()` (at once if
    /// none is pending).
    ///
    /// Usage: `try await q.join()` — asyncio: `await q.join()`.
    /// - Throws: `CancellationError`; `NoRunningLoopError` outside a loop; `LoopStateError`
    ///   on a loop other than the queue's.
    public func join() async throws {
        let loop = try loopForWaiting()
        if _unfinishedTasks == 0 { return }
        try await loop.suspend(
            onCancel: { [self] (w: Waiter<Void>) in
                joiners.remove(w)
                w.resume(.failure(CancellationError()))
            },
            target: .queueJoin(.of(self)),
            register: { [self] w in
                if _unfinishedTasks == 0 { w.resume(.success(())) } else { joiners.append(w) }
            })
    }

    private func wakeJoiners() {
        for w in joiners.removeAll() { w.resume(.success(())) }
    }

    // MARK: shutdown

    /// Whether `shutdown` was called.
    ///
    /// Usage: `if q.isShutdown { … }` — asyncio: `q._is_shutdown` (3.13).
    public var isShutdown: Bool { _isShutdown }

    /// Shuts the queue down: from now on `put` throws `QueueShutDown`, and `get` throws it
    /// once the queue is empty. Every task waiting in `put` or `get` wakes up and checks
    /// again, so waiting putters throw and waiting getters throw if there is nothing left.
    ///
    /// Usage: `q.shutdown()` / `q.shutdown(immediate: true)` — asyncio:
    /// `q.shutdown(immediate=False)` (3.13).
    ///
    /// - Parameter immediate: also drop every item still queued, marking each one done as
    ///   `taskDone()` would (which can wake `join`); getters then throw at once. Calling
    ///   it again later still drops what is left (nothing can have been put since).
    public func shutdown(immediate: Bool = false) {
        _isShutdown = true
        if immediate {
            while _storage.take() != nil {
                if _unfinishedTasks > 0 { _unfinishedTasks -= 1 }
            }
            if _unfinishedTasks == 0 { wakeJoiners() }
        }
        for w in _getters.removeAll() { w.resume(.success(())) }
        for w in _putters.removeAll() { w.resume(.success(())) }
    }

    // MARK: description

    /// The queue's state, as asyncio prints it:
    /// `<Queue maxsize=1 _queue=[1] _getters[1] _putters[2] tasks=3 shutdown>`; the parts
    /// after `maxsize` appear only when non-empty (or true).
    public var description: String {
        var s = "<\(Storage.queueTypeName) maxsize=\(maxsize)"
        if _storage.count > 0 { s += " _queue=\(_storage.contents)" }
        if !_getters.isEmpty { s += " _getters[\(_getters.count)]" }
        if !_putters.isEmpty { s += " _putters[\(_putters.count)]" }
        if _unfinishedTasks > 0 { s += " tasks=\(_unfinishedTasks)" }
        if _isShutdown { s += " shutdown" }
        return s + ">"
    }
}
