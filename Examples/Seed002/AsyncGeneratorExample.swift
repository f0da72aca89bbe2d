import AsyncIO

/// Seed 002, "Async generators": `AsyncIO.generator` is an `async def` with `yield`, and
/// `for try await` is `async for`. (The seed's plain `for i in gen(10)`, a `TypeError` in
/// Python, does not compile in Swift, so it is not ported.)
/// Python twin: `python/async_generator.py`.
public enum AsyncGeneratorExample {
    static func gen(_ n: Int) -> AsyncGenerator<Int> {
        AsyncIO.generator { (yield: Yield<Int>) in
            for i in 0..<n {
                try await yield(i)
                try await AsyncIO.sleep(scaled(0.5))
            }
        }
    }

    public static func run() throws {
        try AsyncIO.run {
            for try await i in gen(10) {  // async for
                print(i)
            }
        }
    }
}
