/// The stream ended before `expected` bytes (or a separator) arrived.
///
/// asyncio: `asyncio.IncompleteReadError` (`partial`, `expected`).
public struct IncompleteReadError: Error, CustomStringConvertible, Sendable {
    /// The bytes read before the end of the stream.
    public let partial: [UInt8]
    /// The number of bytes asked for; nil when reading up to a separator.
    public let expected: Int?
    public init(partial: [UInt8], expected: Int?) {
        self.partial = partial
        self.expected = expected
    }
    public var description: String {
        "IncompleteReadError: \(partial.count) bytes read on a total of "
            + (expected.map { "\($0)" } ?? "undefined") + " expected bytes"
    }
}

/// A separator was not found within the reader's limit.
///
/// asyncio: `asyncio.LimitOverrunError` (`consumed`: bytes to consume to go past it).
public struct LimitOverrunError: Error, CustomStringConvertible, Sendable {
    public let message: String
    /// How many buffered bytes the search went over.
    public let consumed: Int
    public init(_ message: String, consumed: Int) {
        self.message = message
        self.consumed = consumed
    }
    public var description: String { "LimitOverrunError: \(message) (consumed \(consumed))" }
}

/// The connection is gone (closed by us, or lost without an OS error).
///
/// asyncio: the `ConnectionResetError('Connection lost')` of `drain()`.
public struct ConnectionLostError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String = "Connection lost") { self.message = message }
    public var description: String { "ConnectionLostError: \(message)" }
}
