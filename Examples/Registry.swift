import AsyncIO

#if canImport(Glibc)
// @preconcurrency: `stdout` and `stderr` are C globals (used once, on the main thread).
@preconcurrency import Glibc
#endif

/// One ported example: its name (also the name of its Python twin, `python/NAME.py`),
/// where it comes from, and the function that runs it.
public struct Example {
    public let name: String
    /// The seed file and section it ports.
    public let source: String
    public let run: @MainActor () throws -> Void
}

/// Every example, in tour order (seed by seed, in the order the seeds show them).
public let examples: [Example] = [
    // ../shared/seeds/000_b281b0c9edc6dada.txt
    Example(name: "say_hello", source: "seed 000 · Coroutines", run: SayHello.run),
    Example(name: "blocking_sleep", source: "seed 000 · time.sleep() blocks the event loop", run: BlockingSleep.run),
    Example(name: "nonblocking_sleep", source: "seed 000 · await asyncio.sleep() does not", run: NonblockingSleep.run),
    Example(name: "event_loop_tasks", source: "seed 000 · Event loop", run: EventLoopTasks.run),
    Example(name: "await_inside_async", source: "seed 000 · await vs asyncio.run()", run: AwaitInsideAsync.run),
    Example(name: "run_from_sync", source: "seed 000 · asyncio.run() from sync code", run: RunFromSync.run),
    Example(name: "nested_run", source: "seed 000 · asyncio.run() inside a running loop", run: NestedRun.run),
    Example(name: "gather_results", source: "seed 000 · asyncio.gather()", run: GatherResults.run),
    Example(name: "background_task", source: "seed 000 · asyncio.create_task()", run: BackgroundTask.run),
    // ../shared/seeds/001_b64d4b80a958bad1.txt
    Example(name: "greet", source: "seed 001 · A simple coroutine", run: Greet.run),
    Example(name: "sequential_awaits", source: "seed 001 · Sequential awaits", run: SequentialAwaits.run),
    Example(name: "event_loop_in_action", source: "seed 001 · Event loop in action", run: EventLoopInAction.run),
    Example(name: "gather_concurrently", source: "seed 001 · Running coroutines concurrently", run: GatherConcurrently.run),
    Example(name: "async_resource", source: "seed 001 · Async context managers", run: AsyncResourceExample.run),
    Example(name: "fetch_pages", source: "seed 001 · Fetching multiple URLs (HTTP over streams, local server)", run: FetchPages.run),
    // ../shared/seeds/002_c4cade52f155c10e.txt
    Example(name: "define_coroutine", source: "seed 002 · Defining a coroutine, entry point", run: DefineCoroutine.run),
    Example(name: "await_result", source: "seed 002 · await: calling a coroutine", run: AwaitResult.run),
    Example(name: "create_task_then_await", source: "seed 002 · Tasks: running concurrently", run: CreateTaskThenAwait.run),
    Example(name: "await_vs_create_task", source: "seed 002 · await vs create_task", run: AwaitVsCreateTask.run),
    Example(name: "concurrent_tasks", source: "seed 002 · Practical example: concurrent tasks", run: ConcurrentTasks.run),
    Example(name: "gather_values", source: "seed 002 · asyncio.gather()", run: GatherValues.run),
    Example(name: "fetch_and_algorithm", source: "seed 002 · Fetch data + run algorithm", run: FetchAndAlgorithm.run),
    Example(name: "async_generator", source: "seed 002 · Async generators, async for", run: AsyncGeneratorExample.run),
    Example(name: "async_method", source: "seed 002 · Async methods in classes", run: AsyncMethod.run),
    Example(name: "unfinished_task_cancelled", source: "seed 002 · Tasks: unfinished tasks are cancelled", run: UnfinishedTaskCancelled.run),
    // ../shared/seeds/003_a07b5c5e6d0ddf59.txt
    Example(name: "run_returns_value", source: "seed 003 · Defining and calling a coroutine", run: RunReturnsValue.run),
    Example(name: "fetch_data", source: "seed 003 · How await works", run: FetchData.run),
    Example(name: "gather_alpha_beta_gamma", source: "seed 003 · Running multiple coroutines together", run: GatherAlphaBetaGamma.run),
    Example(name: "task_group", source: "seed 003 · Structured concurrency with TaskGroup", run: TaskGroupExample.run),
    Example(name: "task_group_cancels_siblings", source: "seed 003 · TaskGroup: a failure cancels the rest", run: TaskGroupCancelsSiblings.run),
    Example(name: "task_group_errors", source: "seed 003 · Handling errors: TaskGroup and except*", run: TaskGroupErrors.run),
    Example(name: "gather_error_keeps_running", source: "seed 003 · Handling errors: gather()", run: GatherErrorKeepsRunning.run),
    Example(name: "slow_database_query", source: "seed 003 · Wrapping blocking code with to_thread", run: SlowDatabaseQuery.run),
    Example(name: "cpu_heavy_work", source: "seed 003 · CPU-bound work in an executor (thread pool)", run: CpuHeavyWork.run),
    Example(name: "async_connection", source: "seed 003 · Async context managers", run: AsyncConnectionExample.run),
    Example(name: "countdown", source: "seed 003 · Async iteration", run: Countdown.run),
    Example(name: "named_task", source: "seed 003 · Debugging: name your tasks", run: NamedTask.run),
    // ../shared/seeds/004_b90dd3837df9e867.txt
    Example(name: "task_a_task_b", source: "seed 004 · What is an event loop?", run: TaskATaskB.run),
    Example(name: "greet_world", source: "seed 004 · Running coroutines with asyncio.run()", run: GreetWorld.run),
    Example(name: "nested_run_raises", source: "seed 004 · Nested asyncio.run() raises", run: NestedRunRaises.run),
    Example(name: "create_task_gather", source: "seed 004 · Creating tasks for concurrent execution", run: CreateTaskGather.run),
    Example(name: "gather_stocks", source: "seed 004 · Gathering results", run: GatherStocks.run),
    Example(name: "gather_return_exceptions", source: "seed 004 · gather(return_exceptions=True)", run: GatherReturnExceptions.run),
    Example(name: "show_progress", source: "seed 004 · Non-blocking sleep", run: ShowProgress.run),
    Example(name: "blocking_vs_async_sleep", source: "seed 004 · time.sleep() vs asyncio.sleep()", run: BlockingVsAsyncSleep.run),
    Example(name: "blocking_db_query", source: "seed 004 · Running blocking code with to_thread", run: BlockingDBQuery.run),
    Example(name: "inspect_context", source: "seed 004 · Checking the current task and loop", run: InspectContext.run),
    // Not in the seeds: the timeouts the issue asks for.
    Example(name: "timeouts", source: "extra · wait_for() and timeout()", run: Timeouts.run),
    // Issue 4: the network examples and stream semantics, on 127.0.0.1.
    Example(name: "echo_server", source: "issue 4 · echo server and clients", run: EchoServer.run),
    Example(name: "streams_eof", source: "issue 4 · readline/readuntil/readexactly at EOF", run: StreamsEOF.run),
    Example(name: "streams_limit", source: "issue 4 · readuntil/readline past the limit", run: StreamsLimit.run),
    Example(name: "streams_drain", source: "issue 4 · drain() with a slow reader", run: StreamsDrain.run),
    Example(name: "streams_server_close", source: "issue 4 · server close while clients are connected", run: StreamsServerClose.run),
    // Issue 10: signals.
    Example(name: "graceful_shutdown", source: "issue 10 · a server stopped by SIGTERM, requests in flight finish", run: GracefulShutdown.run),
    Example(name: "subprocess_gather", source: "issue 10 · several commands at once, outputs in order", run: SubprocessGather.run),
    Example(name: "subprocess_communicate", source: "issue 10 · communicate() with 4 MiB each way", run: SubprocessCommunicate.run),
    Example(name: "subprocess_timeout", source: "issue 10 · a hanging child under a deadline, killed", run: SubprocessTimeout.run),
]

/// `asyncio tour`: runs the examples one after another with a heading each.
///
/// - `asyncio tour` runs them all, `asyncio tour NAME [NAME …]` runs some (in the order
///   given), `asyncio tour --list` prints each name and its source.
/// - Output is line-buffered, so a reader of a pipe sees each line when it is printed.
/// - Returns 0, 1 if an example threw (the others still run), 2 for unknown names.
public enum Tour {
    public static func main(_ args: [String]) -> Int32 {
        setvbuf(stdout, nil, _IOLBF, 0)
        if args.contains("--list") {
            for e in examples { print("\(e.name)  \(e.source)") }
            return 0
        }
        if let flag = args.first(where: { $0.hasPrefix("-") }) {
            printError("asyncio tour: unknown option '\(flag)' (usage: asyncio tour [NAME ...] [--list])")
            return 2
        }
        var selected: [Example] = []
        for name in args {
            guard let e = examples.first(where: { $0.name == name }) else {
                printError("asyncio tour: no example named '\(name)' (see: asyncio tour --list)")
                return 2
            }
            selected.append(e)
        }
        if selected.isEmpty { selected = examples }
        var status: Int32 = 0
        for (i, e) in selected.enumerated() {
            if i > 0 { print() }
            print("=== \(e.name) ===")
            do {
                try e.run()
            } catch {
                printError("asyncio tour: \(e.name) failed: \(error)")
                status = 1
            }
        }
        return status
    }

    private static func printError(_ text: String) {
        fflush(stdout)
        fputs(text + "\n", stderr)
    }
}
