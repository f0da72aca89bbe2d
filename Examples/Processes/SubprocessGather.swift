import AsyncIO

/// Issue 10: run several commands at once and print their outputs in the order given.
/// Each command sleeps before answering; together they take as long as the slowest.
/// Python twin: `python/subprocess_gather.py`.
public enum SubprocessGather {
    static func run(_ command: String) async throws -> (String, Int32, String) {
        let p = try await AsyncIO.createSubprocessShell(command, stdout: .pipe)
        let (out, _) = try await p.communicate()
        let last = command.split(separator: ";").last.map { String($0.dropFirst()) } ?? command
        return (last, p.returnCode ?? -1, text(out ?? []).trimmingCharacters(in: "\n"))
    }

    public static func run() throws {
        try AsyncIO.run {
            let commands = [
                "sleep \(scaled(1)); echo three",
                "sleep \(scaled(0.5)); echo two",
                "sleep \(scaled(0.2)); echo one; exit 7",
            ]
            let ops: [@Sendable () async throws -> (String, Int32, String)] = commands.map { c in { try await run(c) } }
            for (command, code, out) in try await AsyncIO.gather(ops) {
                print("\(pyRepr(command)) exited with \(code): \(out)")
            }
        }
    }
}
