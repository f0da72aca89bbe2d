import AsyncIO

/// Seed 003, "Async iteration": an asynchronous generator yields values and awaits
/// between them; `for try await` pulls them one at a time. Python twin: `python/countdown.py`.
public enum Countdown {
    static func countdown(_ n: Int) -> AsyncGenerator<Int> {
        AsyncIO.generator { (yield: Yield<Int>) in
            for i in stride(from: n, to: 0, by: -1) {
                try await yield(i)
                try await AsyncIO.sleep(scaled(0.5))
            }
        }
    }

    public static func run() throws {
        try AsyncIO.run {
            for try await count in countdown(5) {
                print("T-minus \(count)")
            }
        }
    }
}
