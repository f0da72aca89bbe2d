/// The run cycle: the only place jobs, callbacks and timers run.
///
/// One pass (`runOnce`), in order:
/// 1. Take what other threads posted to the inbox (jobs, callbacks) onto the ring.
/// 2. Poll the selector, but only when the ring is empty (then block until the nearest
///    timer) or when `pollEveryJobs` jobs ran since the last poll (then don't block).
///    On a virtual clock an idle loop jumps the clock to the nearest timer instead.
/// 3. Move timers that are now due onto the ring, in deadline order (ties: scheduling order).
/// 4. Run exactly the items that were on the ring when this step began; anything they
///    enqueue (a resumed task, a `callSoon`) waits for the next pass, so one busy task
///    cannot starve the others, and `sleep(0)` round-robins as in asyncio.
///
/// One exception keeps timers punctual under a burst (100,000 tasks starting in one
/// pass): on the real clock, a pass that begins with more than `pollEveryJobs` items
/// ready is a long pass. Its due timers stay in the heap at step 3; every `pollEveryJobs`
/// jobs the timers due by then fire, in deadline order, and the tasks they wake run at
/// once; at the end of the pass the timers due by then fire (the tasks they wake run
/// next pass, as after step 3). The exact trade-off:
/// - Timers always fire in deadline order (ties: scheduling order), among themselves and
///   with the jobs they wake: a timer never runs ahead of one due earlier, however long
///   the pass (a pass that starts short, even with 20,000 timers due, has no checks).
/// - Ready jobs and callbacks run in the order they became ready, among themselves.
/// - Between the two, a long pass favours timers: a timer (and the task it wakes) may run
///   ahead of up to a whole pass of jobs that became ready before its deadline; its
///   lateness is then at most `pollEveryJobs` jobs, not the length of the pass. asyncio
///   runs the whole pass first (and is late by all of it).
/// A virtual clock never moves inside a pass, so virtual runs keep asyncio's order
/// exactly (no long passes). Debug mode observes each item and never changes this order.
extension EventLoop {
    func runOnce() throws {
        // 1. Cross-thread work.
        if inbox.hasWork { drainInbox() }

        // 2. I/O, and the wait for the next timer.
        if ring.isEmpty || jobsSincePoll >= LoopConstants.pollEveryJobs {
            try pollSelector(timeoutNanoseconds: ring.isEmpty ? try idleTimeout() : 0)
            jobsSincePoll = 0
        }

        // 3. Due timers (a long pass fires them as it goes, see above).
        let longPass = ring.count > LoopConstants.pollEveryJobs && virtualClock == nil
        if !longPass && timers.count > 0 {
            let now = time()
            while let timer = timers.popDue(now: now) {
                ring.push(.callback(timer))
            }
        }

        // 4. The items ready at the start of this step.
        var n = ring.count
        jobsSincePoll &+= n
        if !longPass {
            while n > 0, let item = ring.pop() {
                n -= 1
                runItem(item)
            }
        } else {
            var untilTimerCheck = LoopConstants.pollEveryJobs
            while n > 0, let item = ring.pop() {
                n -= 1
                runItem(item)
                untilTimerCheck -= 1
                if untilTimerCheck == 0 {
                    untilTimerCheck = LoopConstants.pollEveryJobs
                    runDueTimers(wokenRunNow: true)
                }
            }
            runDueTimers(wokenRunNow: false)
        }
    }

    /// Runs one item, observed in debug mode (which must not change what runs when).
    @inline(__always)
    func runItem(_ item: ReadyItem) {
        if _slowPath(debug) { runObserved(item) } else { run(item) }
    }

    /// Debug mode: the same item, timed and named by the `DebugObserver`.
    @inline(never)
    private func runObserved(_ item: ReadyItem) {
        let watch = debugObserver.willRun(item, on: self)
        run(item)
        debugObserver.didRun(watch, on: self)
    }

    @inline(__always)
    func run(_ item: ReadyItem) {
        switch item {
        case .taskJob(let job):
            job.runSynchronously(on: unownedTaskExecutor)
        case .actorJob(let job):
            job.runSynchronously(isolatedTo: unownedSerial, taskExecutor: unownedTaskExecutor)
        case .callback(let handle):
            handle.run()
        }
        resumeYieldingTask()
    }

    /// A task that yielded in `sleep(0)` has suspended now: queue it behind what is ready.
    @inline(__always)
    func resumeYieldingTask() {
        if let yielded = yieldingTask {
            yieldingTask = nil
            yielded.resume()
        }
    }

    /// Fires the timers due now, in deadline order (a long pass). With `wokenRunNow`, the
    /// jobs they wake run at once, before the rest of the pass; else they run next pass.
    private func runDueTimers(wokenRunNow: Bool) {
        guard timers.count > 0, let next = timers.nextDeadline(), next <= time() else { return }
        let now = time()
        urgentEnqueue = wokenRunNow
        while let timer = timers.popDue(now: now) { runItem(.callback(timer)) }
        urgentEnqueue = false
        while let item = urgentRing.pop() { runItem(item) }
    }

    func drainInbox() {
        for item in inbox.takeAll() {
            switch item {
            case .taskJob(let job): ring.push(.taskJob(job))
            case .actorJob(let job): ring.push(.actorJob(job))
            case .callback(let cb): ring.push(.callback(Handle(cb)))
            }
        }
    }

    /// How long an idle loop may block: until the nearest timer, forever if there is none
    /// (-1), or not at all when stopping. On a virtual clock this is where time jumps.
    private func idleTimeout() throws -> Int64 {
        takeStopRequest()
        if lifecycle.isStopping || inbox.hasWork { return 0 }
        guard let virtual = virtualClock else {
            guard let deadline = timers.nextDeadline() else { return -1 }
            return blockingNanoseconds(deadline - time())
        }
        return try virtualIdle(virtual)
    }

    /// The virtual clock's idle step. Time moves only when nothing else can happen: no job
    /// ready, no cross-thread work in flight, and nothing arrived within the autojump
    /// threshold of real time. Returns the real timeout for the poll that follows.
    private func virtualIdle(_ clock: VirtualClock) throws -> Int64 {
        // A timer at infinity never fires: on a virtual clock it is no timer at all.
        guard let deadline = timers.nextDeadline(), deadline.isFinite else {
            // No timer: only I/O or another thread can make progress.
            if foreignWorkInFlight.load(ordering: .relaxed) > 0 || selector.userRegistrations > 0 || !clock.autojump {
                return -1
            }
            try waitRealTime(clock.autojumpThreshold)
            if !ring.isEmpty || inbox.hasWork || foreignWorkInFlight.load(ordering: .relaxed) > 0 { return 0 }
            throw DeadlockError(pendingTasks: tasks.pending.map(\.description))
        }
        if deadline <= clock.now { return 0 }
        guard clock.autojump else { return -1 }  // only advance(by:) moves time; it wakes us
        if foreignWorkInFlight.load(ordering: .relaxed) > 0 { return -1 }
        try waitRealTime(clock.autojumpThreshold)
        if ring.isEmpty && !inbox.hasWork && foreignWorkInFlight.load(ordering: .relaxed) == 0 {
            clock.jump(to: deadline)
        }
        return 0
    }

    /// Polls for up to `seconds` of real time, so that I/O and threads get a chance
    /// before virtual time moves.
    private func waitRealTime(_ seconds: Double) throws {
        try pollSelector(timeoutNanoseconds: blockingNanoseconds(seconds))
    }

    /// Blocks in the kernel. Do not rename: profilers filter on this name.
    @inline(never)
    func pollSelector(timeoutNanoseconds: Int64) throws {
        try selector.poll(timeoutNanoseconds: timeoutNanoseconds) { callback, events in
            callback(events)
        }
        if inbox.hasWork { drainInbox() }
    }
}
