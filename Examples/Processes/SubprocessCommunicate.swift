import AsyncIO

/// Issue 10: communicate() with far more input and output than a pipe holds (4 MiB each
/// way through `cat`, 64 KiB pipes): writing, reading and waiting at once never
/// deadlocks. Python twin: `python/subprocess_communicate.py`.
public enum SubprocessCommunicate {
    public static func run() throws {
        try AsyncIO.run {
            let data = (0..<(4 * 1024 * 1024)).map { UInt8($0 * 7 % 251) }
            let p = try await AsyncIO.createSubprocessExec("cat", stdin: .pipe, stdout: .pipe)
            let (out, err) = try await p.communicate(input: data)
            let got = out ?? []
            print("sent \(data.count) bytes, got \(got.count) back, same: \(py(got == data))")
            let sum = got.reduce(0) { $0 + Int($1) }
            print("byte sum \(sum), stderr \(err.map { pyBytes($0) } ?? "None"), returncode \(p.returnCode.map { "\($0)" } ?? "None")")
        }
    }
}
