import AsyncIO

/// `asyncio bench`: one workload, one JSON line.
public enum BenchCommand {
    public static func main(_ args: [String]) -> Int32 {
        print("(no workloads yet)")
        return 0
    }
}
