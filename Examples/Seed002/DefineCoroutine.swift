import AsyncIO

/// Seed 002, "Defining a coroutine" and "Running async code — entry point":
/// `AsyncIO.run` sets up the event loop and runs the main coroutine. (The seed also prints
/// `type(main)` and `type(main())`; Swift has no coroutine objects to print: see README.)
/// Python twin: `python/define_coroutine.py`.
public enum DefineCoroutine {
    static func main() async {
        print("main")
    }

    public static func run() throws {
        try AsyncIO.run { await main() }  // sets up the event loop and runs the main coroutine
    }
}
