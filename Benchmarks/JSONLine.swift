// The one line a run prints: bench.py's fields, rounded as bench.py rounds them.

/// A JSON value of the kinds bench.py prints.
enum JSONValue: Sendable {
    case string(String)
    case int(Int)
    /// A float; rounded on output (see `JSONLine`).
    case number(Double)
    case bool(Bool)
}

/// Formats bench.py's output: `{runtime, workload, n, seconds, ops_per_sec, peak_rss_mb,
/// ...extra}` (`Measurement.rate` replaces `ops_per_sec`) with `seconds` to 6 decimals, `ops_per_sec` and `peak_rss_mb` to 1, and
/// every other float to 3, as `json.dumps` would print them.
struct JSONLine {
    var fields: [(String, JSONValue)]

    init(runtime: String, workload: String, n: Int, measurement m: Measurement, peakRSSMB: Double) {
        fields = [("runtime", .string(runtime)), ("workload", .string(workload)), ("n", .int(n)),
                  ("seconds", .number(Self.round(m.seconds, 6))),
                  m.rate.map { ($0.name, .number(Self.round($0.value, 1))) }
                      ?? ("ops_per_sec", .number(Self.round(Double(n) / m.seconds, 1))),
                  ("peak_rss_mb", .number(Self.round(peakRSSMB, 1)))]
        for (k, v) in m.extra {
            if case .number(let x) = v { fields.append((k, .number(Self.round(x, 3)))) } else { fields.append((k, v)) }
        }
    }

    static func round(_ x: Double, _ places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (x * scale).rounded() / scale
    }

    /// `{"runtime": "swift-asyncio", ...}`, one line.
    var json: String {
        "{" + fields.map { "\"\($0.0)\": \(Self.encode($0.1))" }.joined(separator: ", ") + "}"
    }

    /// bench.py's human-readable form: `key` right-aligned to 20 columns, then the value.
    var table: String {
        fields.map { k, v in
            String(repeating: " ", count: max(0, 20 - k.count)) + k + ": " + Self.plain(v)
        }.joined(separator: "\n")
    }

    private static func encode(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return "\"" + escape(s) + "\""
        case .bool(let b): return b ? "true" : "false"
        case .int, .number: return plain(v)
        }
    }

    private static func plain(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): return s
        case .int(let i): return String(i)
        case .bool(let b): return b ? "True" : "False"
        case .number(let x):
            guard x.isFinite else { return "null" }
            // Python prints integral floats as "3.0" and large ones with an exponent; Swift's
            // shortest round-trip form matches it except for the integral case.
            if x == x.rounded() && abs(x) < 1e16 { return String(Int(x)) + ".0" }
            return String(x)
        }
    }

    private static func escape(_ s: String) -> String {
        var out = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if ch.value < 0x20 {
                    let hex = String(ch.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(ch)
                }
            }
        }
        return out
    }
}
