import AsyncIO

/// `asyncio tour`: runs the examples one after another with a heading each.
public enum Tour {
    public static func main(_ args: [String]) -> Int32 {
        print("(no examples yet)")
        return 0
    }
}
