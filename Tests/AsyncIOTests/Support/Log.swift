@testable import AsyncIO

/// An ordered record of events, appended to by tasks on one loop.
final class Log: @unchecked Sendable {
    // @unchecked Sendable: every test appends and reads on the loop's single thread.
    private(set) var items: [String] = []
    func add(_ s: String) { items.append(s) }
}

/// Errors tests throw on purpose.
struct Boom: Error, Equatable, CustomStringConvertible {
    let tag: String
    init(_ tag: String = "boom") { self.tag = tag }
    var description: String { "Boom(\(tag))" }
}

/// The running loop's time (0 outside a loop, which no test does).
func now() -> Double {
    (try? AsyncIO.runningLoop().time()) ?? -1
}

