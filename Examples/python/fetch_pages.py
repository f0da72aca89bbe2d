import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 001, "A real use case: fetching multiple URLs" (aiohttp, in the seed): a tiny
# HTTP/1.1 GET client written over asyncio streams, against a small HTTP server the
# example starts itself on 127.0.0.1. Each page takes a while to serve (/slow: 3 s); the
# five fetches run at once with gather, so all of them take about 3 s, not 6.
PAGES = {
    "/": ("text/html", 1, "<html><body><h1>Example Domain</h1></body></html>\n"),
    "/get": ("application/json", 1, '{"args": {}, "url": "http://127.0.0.1/get"}\n'),
    "/todos/1": ("application/json", 1, '{"userId": 1, "id": 1, "title": "delectus aut autem", "completed": false}\n'),
    "/slow": ("text/plain", 3, "finally!\n"),
}
URLS = ["/", "/get", "/todos/1", "/slow", "/missing"]


async def handle_http(reader, writer):
    request_line = (await reader.readline()).decode("latin-1").rstrip("\r\n")
    while (await reader.readline()) not in (b"\r\n", b"\n", b""):
        pass  # skip the request headers
    method, path, _ = request_line.split(" ", 2)
    if method == "GET" and path in PAGES:
        content_type, delay, body = PAGES[path]
        await asyncio.sleep(delay * S)  # a slow backend
        status = "200 OK"
    else:
        content_type, body, status = "text/plain", "not found\n", "404 Not Found"
    payload = body.encode()
    writer.write(
        f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(payload)}\r\nConnection: close\r\n\r\n".encode() + payload
    )
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def fetch(host, port, path):
    """GET http://host:port/path: (status code, reason, headers, body)."""
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    status_line = (await reader.readline()).decode("latin-1").rstrip("\r\n")
    _version, code, reason = status_line.split(" ", 2)
    headers = {}
    while True:
        line = (await reader.readline()).decode("latin-1").rstrip("\r\n")
        if not line:
            break
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    body = await reader.readexactly(int(headers["content-length"]))
    writer.close()
    await writer.wait_closed()
    return int(code), reason, headers, body


async def main():
    server = await asyncio.start_server(handle_http, "127.0.0.1", 0)
    host, port = server.sockets[0].getsockname()[:2]
    print(f"Serving on {host}")
    pages = await asyncio.gather(*(fetch(host, port, path) for path in URLS))
    for path, (code, reason, headers, body) in zip(URLS, pages):
        print(f"Fetched {path} with status {code} {reason}: {headers['content-type']}, {len(body)} bytes")
    print(f"Downloaded {len(pages)} pages")
    server.close()
    await server.wait_closed()


asyncio.run(main())
