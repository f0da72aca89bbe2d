// Subprocesses: spawn, pipes as streams, communicate, wait, signals, errors — against
// real programs (/bin/sh, cat, echo, sleep), with asyncio's semantics.
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import AsyncIO

private func str(_ b: [UInt8]?) -> String? { b.map { String(decoding: $0, as: UTF8.self) } }

@Suite("Subprocesses")
struct SubprocessTests {
    @Test func echoThroughAPipe() async throws {
        let (out, code) = try await AsyncIO.runOnNewThread { () -> (String?, Int32?) in
            let p = try await AsyncIO.createSubprocessExec("echo", ["hello", "world"], stdout: .pipe)
            let (out, err) = try await p.communicate()
            #expect(err == nil)
            return (str(out), p.returnCode)
        }
        #expect(out == "hello world\n")
        #expect(code == 0)
    }

    @Test func communicateNeverDeadlocksOnLargeInputAndOutput() async throws {
        // 8 MiB through cat both ways: far more than a pipe holds (64 KiB).
        let input = (0..<(8 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let (out, err, code) = try await AsyncIO.runOnNewThread { () -> ([UInt8]?, String?, Int32?) in
            let p = try await AsyncIO.createSubprocessShell(
                "cat; echo done >&2", stdin: .pipe, stdout: .pipe, stderr: .pipe)
            let (out, err) = try await p.communicate(input: input)
            return (out, str(err), p.returnCode)
        }
        #expect(out == input)
        #expect(err == "done\n")
        #expect(code == 0)
    }

    @Test func aMissingProgramIsAClearError() async throws {
        let errors = try await AsyncIO.runOnNewThread { () -> [String] in
            var out: [String] = []
            for program in ["no-such-program-xyz", "/no/such/path", "/etc/passwd"] {
                do {
                    _ = try await AsyncIO.createSubprocessExec(program)
                    out.append("started")
                } catch let e as OSError {
                    out.append("\(e.errno == ENOENT ? "ENOENT" : e.errno == EACCES ? "EACCES" : "\(e.errno)") \(e.function)")
                }
            }
            return out
        }
        #expect(errors == ["ENOENT no-such-program-xyz", "ENOENT /no/such/path", "EACCES /etc/passwd"])
    }

    @Test func aChildKilledByASignalHasANegativeReturnCode() async throws {
        let (code, again, lookup) = try await AsyncIO.runOnNewThread { () -> (Int32, Int32, Bool) in
            let p = try await AsyncIO.createSubprocessExec("sleep", ["30"])
            #expect(p.returnCode == nil)
            try p.kill()
            let code = try await p.wait()
            let again = try await p.wait()  // at once, after the exit
            var lookup = false
            do { try p.terminate() } catch is ProcessLookupError { lookup = true }
            return (code, again, lookup)
        }
        #expect(code == -SIGKILL)
        #expect(again == -SIGKILL)
        #expect(lookup, "signalling an ended child is ProcessLookupError, as in asyncio")
    }

    @Test func exitStatusShellEnvironmentAndDirectory() async throws {
        let (out, code) = try await AsyncIO.runOnNewThread { () -> (String?, Int32?) in
            let p = try await AsyncIO.createSubprocessShell(
                "echo $((1 + 2)) $GREETING; pwd; exit 3", stdout: .pipe,
                environment: ["GREETING": "hi", "PATH": "/usr/bin:/bin"], workingDirectory: "/tmp")
            let (out, _) = try await p.communicate()
            return (str(out), p.returnCode)
        }
        #expect(out == "3 hi\n/tmp\n")
        #expect(code == 3)
    }

    @Test func stderrIntoStdoutAndDevNull() async throws {
        let (merged, empty) = try await AsyncIO.runOnNewThread { () -> (String?, String?) in
            let p = try await AsyncIO.createSubprocessShell("echo out; echo err >&2", stdout: .pipe, stderr: .stdout)
            let (out, _) = try await p.communicate()
            let q = try await AsyncIO.createSubprocessExec("cat", stdin: .devNull, stdout: .pipe)
            let (nothing, _) = try await q.communicate()
            return (str(out), str(nothing))
        }
        #expect(merged == "out\nerr\n")
        #expect(empty == "")
    }

    @Test func aChildThatClosesStdoutEarly() async throws {
        let (eofFirst, code) = try await AsyncIO.runOnNewThread { () -> (Bool, Int32) in
            let p = try await AsyncIO.createSubprocessShell("exec 1>&-; sleep 0.2; exit 4", stdout: .pipe)
            let rest = try await p.stdout?.read()
            let stillRunning = p.returnCode == nil
            return (rest == [] && stillRunning, try await p.wait())
        }
        #expect(eofFirst, "stdout ends (EOF) while the child still runs")
        #expect(code == 4)
    }

    @Test func cancellingCommunicateLeavesTheChildRunning() async throws {
        let (timedOut, runningAfter, code) = try await AsyncIO.runOnNewThread { () -> (Bool, Bool, Int32) in
            let p = try await AsyncIO.createSubprocessExec("sleep", ["30"], stdout: .pipe)
            var timedOut = false
            do {
                _ = try await AsyncIO.waitFor(timeout: 0.1) { try await p.communicate() }
            } catch is TimeoutError {
                timedOut = true
            }
            let running = p.returnCode == nil
            try p.terminate()
            return (timedOut, running, try await p.wait())
        }
        #expect(timedOut)
        #expect(runningAfter, "asyncio does not kill the child when communicate is cancelled")
        #expect(code == -SIGTERM)
    }

    @Test func streamsLineByLine() async throws {
        let lines = try await AsyncIO.runOnNewThread { () -> [String] in
            let p = try await AsyncIO.createSubprocessShell("for i in 1 2 3; do echo line $i; done", stdout: .pipe)
            var lines: [String] = []
            if let out = p.stdout {
                for try await line in out.lines { lines.append(String(decoding: line, as: UTF8.self)) }
            }
            _ = try await p.wait()
            return lines
        }
        #expect(lines == ["line 1\n", "line 2\n", "line 3\n"])
    }

    @Test func badArguments() async throws {
        let messages = try await AsyncIO.runOnNewThread { () -> [String] in
            var out: [String] = []
            for attempt: () async throws -> Subprocess in [
                { try await AsyncIO.createSubprocessExec("echo", ["a\0b"]) },
                { try await AsyncIO.createSubprocessExec("echo", stdout: .stdout) },
                { try await AsyncIO.createSubprocessExec("echo", stdout: .pipe, limit: 0) },
                { try await AsyncIO.createSubprocessExec("echo", stdout: .fileDescriptor(-1)) },
            ] {
                do {
                    _ = try await attempt()
                    out.append("started")
                } catch let e as ValueError {
                    out.append(e.message)
                }
            }
            return out
        }
        #expect(messages == [
            "embedded null character", "STDOUT can only be used for stderr", "Limit cannot be <= 0",
            "bad file descriptor: -1",
        ])
    }
}
