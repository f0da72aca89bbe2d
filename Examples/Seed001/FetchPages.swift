import AsyncIO

/// Seed 001, "A real use case: fetching multiple URLs" (aiohttp, in the seed): a tiny
/// HTTP/1.1 GET client written over the library's streams, against a small HTTP server
/// the example starts itself on 127.0.0.1. Each page takes a while to serve (/slow: 3 s);
/// the five fetches run at once with `gather`, so all of them take about 3 s, not 6.
/// Python twin: `python/fetch_pages.py`.
public enum FetchPages {
    /// Path → (content type, seconds to serve, body).
    nonisolated static let pages: [String: (type: String, delay: Double, body: String)] = [
        "/": ("text/html", 1, "<html><body><h1>Example Domain</h1></body></html>\n"),
        "/get": ("application/json", 1, #"{"args": {}, "url": "http://127.0.0.1/get"}"# + "\n"),
        "/todos/1": ("application/json", 1,
                     #"{"userId": 1, "id": 1, "title": "delectus aut autem", "completed": false}"# + "\n"),
        "/slow": ("text/plain", 3, "finally!\n"),
    ]
    static let urls = ["/", "/get", "/todos/1", "/slow", "/missing"]

    /// A response as the client parsed it.
    struct Response: Sendable {
        var code: Int
        var reason: String
        var headers: [String: String]
        var body: [UInt8]
    }

    struct BadResponse: Error, CustomStringConvertible {
        let description: String
    }

    /// A line without its `\r\n` (HTTP's header bytes are Latin-1; these are ASCII).
    nonisolated static func headerLine(_ bytes: [UInt8]) -> String {
        var line = bytes
        while let last = line.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { line.removeLast() }
        return String(decoding: line, as: UTF8.self)
    }

    static func handleHTTP(_ reader: StreamReader, _ writer: StreamWriter) async throws {
        let requestLine = headerLine(try await reader.readline())
        while true {  // skip the request headers
            let line = try await reader.readline()
            if line.isEmpty || line == [0x0D, 0x0A] || line == [0x0A] { break }
        }
        let parts = requestLine.split(separator: " ", maxSplits: 2).map(String.init)
        let status: String
        let contentType: String
        let body: String
        if parts.count == 3, parts[0] == "GET", let page = pages[parts[1]] {
            try await AsyncIO.sleep(scaled(page.delay))  // a slow backend
            (status, contentType, body) = ("200 OK", page.type, page.body)
        } else {
            (status, contentType, body) = ("404 Not Found", "text/plain", "not found\n")
        }
        let payload = Array(body.utf8)
        writer.write("HTTP/1.1 \(status)\r\nContent-Type: \(contentType)\r\n"
            + "Content-Length: \(payload.count)\r\nConnection: close\r\n\r\n")
        writer.write(payload)
        try await writer.drain()
        writer.close()
        try await writer.waitClosed()
    }

    /// GET http://host:port/path.
    static func fetch(host: String, port: Int, _ path: String) async throws -> Response {
        let (reader, writer) = try await AsyncIO.openConnection(host: host, port: port)
        writer.write("GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n")
        try await writer.drain()
        let statusLine = headerLine(try await reader.readline())
        let parts = statusLine.split(separator: " ", maxSplits: 2).map(String.init)
        guard parts.count == 3, let code = Int(parts[1]) else {
            throw BadResponse(description: "bad status line \(pyRepr(statusLine))")
        }
        var headers: [String: String] = [:]
        while true {
            let line = headerLine(try await reader.readline())
            if line.isEmpty { break }
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].trimmingSpaces.lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingSpaces
        }
        guard let length = headers["content-length"].flatMap({ Int($0) }) else {
            throw BadResponse(description: "no Content-Length")
        }
        let body = try await reader.readexactly(length)
        writer.close()
        try await writer.waitClosed()
        return Response(code: code, reason: parts[2], headers: headers, body: body)
    }

    public static func run() throws {
        try AsyncIO.run {
            let server = try await AsyncIO.startServer(host: "127.0.0.1", port: 0) { reader, writer in
                try await handleHTTP(reader, writer)
            }
            let host = server.addresses[0].host ?? "127.0.0.1"
            let port = server.addresses[0].port ?? 0
            print("Serving on \(host)")
            let responses = try await AsyncIO.gather(urls.map { path in
                AsyncIO.createTask { try await fetch(host: host, port: port, path) }
            })
            for (path, r) in zip(urls, responses) {
                print("Fetched \(path) with status \(r.code) \(r.reason): "
                    + "\(r.headers["content-type"] ?? "?"), \(r.body.count) bytes")
            }
            print("Downloaded \(responses.count) pages")
            server.close()
            try await server.waitClosed()
        }
    }
}

extension Substring {
    /// Without leading and trailing spaces and tabs (Python's `str.strip()` for headers).
    nonisolated var trimmingSpaces: String {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
