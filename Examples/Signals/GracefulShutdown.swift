import AsyncIO

#if canImport(Glibc)
import Glibc
#endif

/// Issue 10: the usual server shutdown. SIGTERM (sent here by the program itself, as
/// `kill PID` would) stops accepting, lets the requests in flight finish within a
/// deadline, then the program ends. Each request takes 1 s; SIGTERM comes at 0.5 s.
/// Python twin: `python/graceful_shutdown.py`.
public enum GracefulShutdown {
    /// Requests being served (main-actor state: in whole-program mode, the loop's).
    final class InFlight {
        var count = 0
        let idle = Event()
    }

    public static func run() throws {
        try AsyncIO.run {
            let loop = try AsyncIO.runningLoop()
            let stop = Event()
            try loop.addSignalHandler(SIGTERM) { stop.set() }
            let inFlight = InFlight()

            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { @MainActor reader, writer in
                inFlight.count += 1
                inFlight.idle.clear()
                defer {
                    writer.close()
                    inFlight.count -= 1
                    if inFlight.count == 0 { inFlight.idle.set() }
                }
                let line = text(try await reader.readline()).trimmingCharacters(in: "\n")
                try await AsyncIO.sleep(scaled(1))  // the work
                writer.write("done: \(line)\n")
                try await writer.drain()
            }
            let port = server.addresses[0].port ?? 0
            print("serving")

            let clients = (1...2).map { n in
                AsyncIO.createTask {
                    let (reader, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: port)
                    writer.write("request \(n)\n")
                    try await writer.drain()
                    let reply = text(try await reader.readline()).trimmingCharacters(in: "\n")
                    writer.close()
                    try await writer.waitClosed()
                    return "client \(n): \(reply)"
                }
            }
            try await AsyncIO.sleep(scaled(0.5))
            kill(getpid(), SIGTERM)
            try await stop.wait()
            server.close()
            print("SIGTERM: not accepting; \(inFlight.count) requests in flight")
            do {
                try await AsyncIO.timeout(scaled(5)) { _ in try await inFlight.idle.wait() }
                print("all requests finished")
            } catch is TimeoutError {
                print("deadline passed: dropping the rest")
            }
            for line in try await AsyncIO.gather(clients) { print(line) }
            loop.removeSignalHandler(SIGTERM)
            print("stopped")
        }
    }
}
