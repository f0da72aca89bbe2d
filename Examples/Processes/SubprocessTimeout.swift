import AsyncIO

/// Issue 10: a child that hangs, under a deadline. The timeout cancels the wait, not the
/// child (asyncio never kills it by itself): the program kills it, then reaps it.
/// Python twin: `python/subprocess_timeout.py`.
public enum SubprocessTimeout {
    public static func run() throws {
        try AsyncIO.run {
            let p = try await AsyncIO.createSubprocessExec("sleep", ["\(scaled(30))"])
            do {
                try await AsyncIO.timeout(scaled(0.5)) { _ in _ = try await p.wait() }
            } catch is TimeoutError {
                print("timed out; still running: \(py(p.returnCode == nil))")
                try p.kill()
                print("killed: returncode \(try await p.wait())")
            }
        }
    }
}
