import Foundation
import Testing

@Suite("Streams: Server lifetime")
struct ServerTests {
    @Test func aServerDroppedWithoutCloseKeepsServingUntilTheLoopCloses() async throws {
        // In a child process: old code crashed at the connection after the drop. A loop of
        // its own, closed when the run ends (the whole-program loop never is).
        let run = try await runHelper(["dropped-server"], environment: ["ASYNCIO_WHOLE_PROGRAM": "0"])
        #expect(run.status == 0)
        // Both connections served; the listening socket closed with the loop.
        #expect(run.lines == ["replies=ping ping leaked=0"])
    }
}
