// The `asyncio` command: `tour` runs the ported tutorial examples, `bench` the workloads.
//
// This file is the process's synchronous entry point, so the first `AsyncIO.run` made by
// a subcommand installs whole-program mode (the loop is the main and default executor).
import AsyncIO
import AsyncIOBenchmarks
import AsyncIOExamples

#if canImport(Glibc)
import Glibc
#endif

let usage = """
    usage: asyncio tour [NAME ...] [--list]     run the ported tutorial examples
           asyncio bench --workload NAME [--n N] [--runtime swift-asyncio|swift-default] [--json]
    """

var args = Array(CommandLine.arguments.dropFirst())
let command = args.isEmpty ? "tour" : args.removeFirst()
switch command {
case "tour":
    exit(Tour.main(args))
case "bench":
    exit(BenchCommand.main(args))
case "-h", "--help", "help":
    print(usage)
default:
    print("asyncio: unknown command '\(command)'\n\(usage)")
    exit(2)
}
