/// Buffered reading from a connection: `read`, `readline`, `readexactly`, `readuntil`.
///
/// Usage:
/// ```swift
/// let (reader, writer) = try await AsyncIO.openConnection(host: "127.0.0.1", port: 8888)
/// let line = try await reader.readline()
/// ```
///
/// asyncio: `asyncio.StreamReader`. When more than twice `limit` bytes are buffered the
/// transport stops reading until the reader consumes below `limit` (backpressure).
/// Loop thread only.
public final class StreamReader: CustomStringConvertible, @unchecked Sendable {
    // @unchecked Sendable: used on the loop thread only, like asyncio's StreamReader;
    // Sendable so a connection handler can receive it.

    /// Buffered bytes are `buffer[start...]`; the consumed prefix is dropped lazily.
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false
    private var error: (any Error)?
    private var waiter: Waiter<Void>?
    /// Counts what can end a wait for data (data, EOF, an error), so a wait re-checks it.
    private var arrivals = 0
    private var paused = false
    weak var transport: StreamTransport?
    let loop: EventLoop?
    /// The most a separator search may scan (default 64 KiB).
    public let limit: Int

    /// Buffered bytes above which the transport stops reading: twice `limit` (saturating).
    private let pauseAbove: Int

    /// A reader to feed by hand (tests, custom protocols).
    ///
    /// Usage: `let reader = try StreamReader(limit: 1024)`
    /// - Throws: `ValueError` ("Limit cannot be <= 0") if `limit` is not positive.
    public init(limit: Int = 64 * 1024) throws {
        self.limit = try Arguments.streamLimit(limit)
        pauseAbove = limit.multipliedReportingOverflow(by: 2).overflow ? Int.max : 2 * limit
        loop = EventLoop.current
    }

    /// A reader for a connection; `limit` was checked by the caller (`Arguments.streamLimit`).
    init(loop: EventLoop, limit: Int) {
        self.loop = loop
        self.limit = limit
        pauseAbove = limit.multipliedReportingOverflow(by: 2).overflow ? Int.max : 2 * limit
    }

    private var buffered: Int { buffer.count - start }

    // MARK: feeding (the protocol side)

    /// Appends bytes that arrived. asyncio: `feed_data`.
    public func feedData(_ data: UnsafeRawBufferPointer) {
        guard !data.isEmpty else { return }
        if start > 0 && start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: data)
        wakeWaiter()
        if let t = transport, !paused, buffered > pauseAbove {
            paused = true
            t.pauseReading()
        }
    }

    /// Appends bytes that arrived.
    public func feedData(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { feedData($0) }
    }

    /// Marks the end of the stream. asyncio: `feed_eof`.
    public func feedEOF() {
        eof = true
        arrivals &+= 1
        wakeWaiter()
    }

    /// Makes every later read throw `error` (the connection failed). asyncio: `set_exception`.
    public func setError(_ error: any Error) {
        self.error = error
        arrivals &+= 1
        if let w = waiter {
            waiter = nil
            w.resume(.failure(error))
        }
    }

    /// Whether the stream ended and everything was read. asyncio: `at_eof`.
    public var atEOF: Bool { eof && buffered == 0 }

    private func wakeWaiter() {
        arrivals &+= 1
        if let w = waiter {
            waiter = nil
            w.resume(.success(()))
        }
    }

    private func maybeResumeTransport() {
        if paused && buffered <= limit {
            paused = false
            transport?.resumeReading()
        }
    }

    private func waitForData(_ function: String) async throws {
        if waiter != nil {
            throw LoopStateError("\(function)() called while another task is already waiting for incoming data")
        }
        if paused {
            paused = false
            transport?.resumeReading()
        }
        guard let loop = loop ?? EventLoop.current else { throw NoRunningLoopError() }
        let seen = arrivals
        try await loop.suspend(
            onCancel: { [weak self] w in
                if self?.waiter === w { self?.waiter = nil }
                w.resume(.failure(CancellationError()))
            },
            target: .streamRead(.of(self)),
            register: { (w: Waiter<Void>) in
                if arrivals != seen {
                    w.resume(.success(()))
                } else if waiter != nil {
                    // Another reader got here first while this one was on its way.
                    w.resume(.failure(LoopStateError("\(function)() called while another task is already waiting for incoming data")))
                } else {
                    waiter = w
                }
            })
    }

    private func take(_ n: Int) -> [UInt8] {
        let chunk = Array(buffer[start..<start + n])
        start += n
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        maybeResumeTransport()
        return chunk
    }

    // MARK: reading

    /// Up to `n` bytes (at least one, unless the stream ended); `n < 0` reads to EOF.
    ///
    /// Usage: `let chunk = try await reader.read(4096)` — asyncio: `read(n=-1)`.
    /// - Throws: the connection's error; `CancellationError` (nothing is lost: the bytes
    ///   stay buffered).
    public func read(_ n: Int = -1) async throws -> [UInt8] {
        if let error { throw error }
        if n == 0 { return [] }
        if n < 0 {
            var all: [UInt8] = []
            while true {
                let block = try await read(limit)
                if block.isEmpty { break }
                all += block
            }
            return all
        }
        if buffered == 0 && !eof {
            try await waitForData("read")
        }
        return take(min(n, buffered))
    }

    /// Exactly `n` bytes.
    ///
    /// asyncio: `readexactly(n)`. - Throws: `IncompleteReadError` with the bytes read if
    /// the stream ends first; the connection's error.
    public func readexactly(_ n: Int) async throws -> [UInt8] {
        if n < 0 { throw ValueError("readexactly size can not be less than zero") }
        if let error { throw error }
        if n == 0 { return [] }
        while buffered < n {
            if eof {
                let partial = take(buffered)
                throw IncompleteReadError(partial: partial, expected: n)
            }
            try await waitForData("readexactly")
        }
        return take(n)
    }

    /// One line, the `\n` included; at EOF the last partial line, or `[]`.
    ///
    /// asyncio: `readline()`. - Throws: `LimitOverrunError` when no newline comes within
    /// `limit` bytes (the buffered bytes up to and including a newline found past the
    /// limit are dropped, or the whole buffer, as asyncio does).
    public func readline() async throws -> [UInt8] {
        do {
            return try await readuntil([0x0A])
        } catch let e as IncompleteReadError {
            return e.partial
        } catch let e as LimitOverrunError {
            if buffered >= e.consumed + 1 && buffer[start + e.consumed] == 0x0A {
                start += e.consumed + 1
            } else {
                start = buffer.count
            }
            maybeResumeTransport()
            throw e
        }
    }

    /// Everything up to and including `separator`.
    ///
    /// asyncio: `readuntil(separator)`. - Throws: `IncompleteReadError` (with all the
    /// buffered bytes) if the stream ends first; `LimitOverrunError` if the separator is
    /// not within `limit` bytes (the data stays buffered).
    public func readuntil(_ separator: [UInt8] = [0x0A]) async throws -> [UInt8] {
        try await readuntil(anyOf: [separator])
    }

    /// Everything up to and including the first of `separators` found (asyncio 3.13's
    /// tuple form).
    public func readuntil(anyOf separators: [[UInt8]]) async throws -> [UInt8] {
        guard !separators.isEmpty, separators.allSatisfy({ !$0.isEmpty }) else {
            throw ValueError("Separator should be at least one-byte string")
        }
        if let error { throw error }
        let shortest = separators.map(\.count).min() ?? 1
        let longest = separators.map(\.count).max() ?? 1
        var offset = 0
        var found: (index: Int, length: Int)?
        while true {
            if buffered - offset >= shortest {
                found = firstMatch(of: separators, from: offset)
                if found != nil { break }
                offset = max(0, buffered + 1 - longest)
                if offset > limit {
                    throw LimitOverrunError("Separator is not found, and chunk exceed the limit", consumed: offset)
                }
            }
            if eof {
                let partial = take(buffered)
                throw IncompleteReadError(partial: partial, expected: nil)
            }
            try await waitForData("readuntil")
        }
        guard let (index, length) = found else { return [] }
        if index > limit {
            throw LimitOverrunError("Separator is found, but chunk is longer than limit", consumed: index)
        }
        return take(index + length)
    }

    /// The earliest match of any separator at or after `offset` (relative to `start`).
    private func firstMatch(of separators: [[UInt8]], from offset: Int) -> (index: Int, length: Int)? {
        var best: (index: Int, length: Int)?
        for sep in separators {
            guard let i = find(sep, from: offset) else { continue }
            if let b = best, b.index <= i { continue }
            best = (i, sep.count)
        }
        return best
    }

    private func find(_ sep: [UInt8], from offset: Int) -> Int? {
        let n = sep.count
        let end = buffer.count - n
        guard let first = sep.first, start + offset <= end else { return nil }
        var i = start + offset
        while i <= end {
            if buffer[i] == first {
                var j = 1
                while j < n && buffer[i + j] == sep[j] { j += 1 }
                if j == n { return i - start }
            }
            i += 1
        }
        return nil
    }

    /// The lines of the stream, `\n` included, until EOF.
    ///
    /// Usage: `for try await line in reader.lines { … }` — asyncio: `async for line in reader`.
    public var lines: Lines { Lines(reader: self) }

    /// The sequence of `lines`.
    public struct Lines: AsyncSequence, @unchecked Sendable {
        // @unchecked Sendable: wraps the loop-confined reader.
        public typealias Element = [UInt8]
        let reader: StreamReader
        public func makeAsyncIterator() -> Iterator { Iterator(reader: reader) }

        public struct Iterator: AsyncIteratorProtocol {
            let reader: StreamReader
            public mutating func next() async throws -> [UInt8]? {
                let line = try await reader.readline()
                return line.isEmpty ? nil : line
            }
        }
    }

    public var description: String {
        var parts = ["\(buffered) bytes"]
        if eof { parts.append("eof") }
        if limit != 64 * 1024 { parts.append("limit=\(limit)") }
        if waiter != nil { parts.append("waiter") }
        if let error { parts.append("exception=\(error)") }
        if paused { parts.append("paused") }
        return "<StreamReader \(parts.joined(separator: " "))>"
    }
}
