import AsyncIO

/// Seed 002, "Async methods in classes": a static async method.
/// Python twin: `python/async_method.py`.
public enum AsyncMethod {
    final class MyClass {
        static func test() async {
            print("hi")
        }
    }

    public static func run() throws {
        try AsyncIO.run { await MyClass.test() }
    }
}
