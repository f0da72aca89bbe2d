/// `async with` for a primitive whose release can throw (Lock, BoundedSemaphore): acquire,
/// run `body`, and release however `body` ends. If `body` threw, its error wins over a
/// failing release only when the release succeeds; a failing release is reported as is.
func holding<R>(
    acquire: () async throws -> Void, release: () throws -> Void, _ body: () async throws -> R
) async throws -> R {
    try await acquire()
    let result: R
    do {
        result = try await body()
    } catch {
        try release()
        throw error
    }
    try release()
    return result
}
