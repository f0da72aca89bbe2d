// Helpers shared by the examples: the time scale, a blocking sleep (Python's `time.sleep`),
// and Python-style formatting so a twin prints exactly what its Python original prints.
import AsyncIO

#if canImport(Glibc)
import Glibc
#endif

/// The factor every sleep is multiplied by: `ASYNCIO_TIME_SCALE` (default 1.0). The tests
/// run the examples with 0.05 so that a "2 second" sleep takes 0.1 s.
nonisolated let timeScale: Double = {
    guard let raw = getenv("ASYNCIO_TIME_SCALE"), let value = Double(String(cString: raw)),
        value >= 0, value.isFinite
    else { return 1.0 }
    return value
}()

/// `seconds` multiplied by the time scale. Python: `seconds * S`.
nonisolated func scaled(_ seconds: Double) -> Double { seconds * timeScale }

/// Blocks the calling thread — and so the whole event loop — for `seconds` (scaled).
/// Python: `time.sleep(seconds * S)`. Never do this in real async code: that is the point
/// of the examples that use it.
nonisolated func blockingSleep(_ seconds: Double) {
    let total = max(0, scaled(seconds))
    var request = timespec(tv_sec: Int(total), tv_nsec: Int((total - total.rounded(.down)) * 1e9))
    var remaining = timespec()
    while nanosleep(&request, &remaining) == -1 && errno == EINTR {
        request = remaining
    }
}

/// Python's `repr()` of a string: single quotes unless the text holds a single quote and
/// no double quote.
nonisolated func pyRepr(_ s: String) -> String {
    let quote: Character = s.contains("'") && !s.contains("\"") ? "\"" : "'"
    var out = String(quote)
    for ch in s {
        switch ch {
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case quote: out += "\\\(quote)"
        default: out.append(ch)
        }
    }
    out.append(quote)
    return out
}

/// How Python prints a list of strings: `['a', 'b']`.
nonisolated func pyList(_ items: [String]) -> String {
    "[" + items.map(pyRepr).joined(separator: ", ") + "]"
}

/// How Python prints a bool.
nonisolated func py(_ b: Bool) -> String { b ? "True" : "False" }

/// Python's `ValueError`, with its `str()` (the message) and `repr()`.
nonisolated struct ValueError: Error, CustomStringConvertible, Sendable {
    let message: String
    init(_ message: String) { self.message = message }
    var description: String { message }
    var repr: String { "ValueError(\(pyRepr(message)))" }
}

/// Python's `repr()` of a `bytes` value: `b'line\n'` (printable ASCII as is, `\t \n \r`
/// and other bytes as escapes, single quotes unless the bytes hold a single quote and no
/// double quote).
nonisolated func pyBytes(_ bytes: [UInt8]) -> String {
    let quote: UInt8 = bytes.contains(UInt8(ascii: "'")) && !bytes.contains(UInt8(ascii: "\"")) ? 0x22 : 0x27
    var out = "b" + String(UnicodeScalar(quote))
    for b in bytes {
        switch b {
        case UInt8(ascii: "\\"): out += "\\\\"
        case UInt8(ascii: "\n"): out += "\\n"
        case UInt8(ascii: "\r"): out += "\\r"
        case UInt8(ascii: "\t"): out += "\\t"
        case quote: out += "\\" + String(UnicodeScalar(b))
        case 0x20..<0x7f: out.append(Character(UnicodeScalar(b)))
        default:
            let hex = String(b, radix: 16)
            out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
        }
    }
    out += String(UnicodeScalar(quote))
    return out
}

/// How Python prints a list of `bytes`: `[b'a\n', b'b']`.
nonisolated func pyBytesList(_ items: [[UInt8]]) -> String {
    "[" + items.map(pyBytes).joined(separator: ", ") + "]"
}

/// Bytes as text (UTF-8, as `bytes.decode()`).
nonisolated func text(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self)
}
