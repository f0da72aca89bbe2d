/// The bracketed state of a primitive's `description`, as asyncio's repr shows it:
/// `<Lock [locked, waiters:2]>` → `[locked, waiters:2]`. The Python twins in the Sync
/// tests print the same part of `repr(x)`:
/// `def st(x): r = repr(x); return r[r.index('['):-1]`.
func st(_ x: some CustomStringConvertible) -> String {
    let d = x.description
    guard let open = d.firstIndex(of: "["), let close = d.lastIndex(of: "]") else { return d }
    return String(d[open...close])
}

/// A mutable value shared by tasks on one loop.
final class Cell<T>: @unchecked Sendable {
    // @unchecked Sendable: every test reads and writes it on the loop's single thread.
    var value: T
    init(_ value: T) { self.value = value }
}
