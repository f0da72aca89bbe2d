import asyncio


# Issue 4, stream semantics: readline, readuntil and readexactly when the stream ends
# first. A local server sends a fixed payload for each request, then closes (EOF).
PAYLOADS = {
    "lines": b"line one\nline two without a newline",
    "short": b"abcdefg",
}


async def serve_payload(reader, writer):
    name = (await reader.readline()).decode().strip()
    writer.write(PAYLOADS[name])
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def open_payload(port, name):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"{name}\n".encode())
    await writer.drain()
    return reader, writer


async def done(writer):
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(serve_payload, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]

    # A complete line, then a last line with no newline before the EOF.
    reader, writer = await open_payload(port, "lines")
    print(f"readline: {await reader.readline()!r}")
    try:
        await reader.readuntil(b"\n")
    except asyncio.IncompleteReadError as e:
        print(f"readuntil: IncompleteReadError: {e}")
        print(f"  partial={e.partial!r} expected={e.expected}")
    print(f"readline at EOF: {await reader.readline()!r}")
    try:
        await reader.readexactly(4)
    except asyncio.IncompleteReadError as e:
        print(f"readexactly(4) at EOF: partial={e.partial!r} expected={e.expected}")
    print(f"read() at EOF: {await reader.read()!r}, at_eof: {reader.at_eof()}")
    await done(writer)

    # Seven bytes, then EOF: readexactly(10) hands back the seven it got.
    reader, writer = await open_payload(port, "short")
    try:
        await reader.readexactly(10)
    except asyncio.IncompleteReadError as e:
        print(f"readexactly(10): IncompleteReadError: {e}")
        print(f"  partial={e.partial!r} expected={e.expected}")
    await done(writer)

    # A last line without a newline: readline returns it as it is.
    reader, writer = await open_payload(port, "lines")
    print(f"lines: {[line async for line in reader]!r}")
    await done(writer)

    server.close()
    await server.wait_closed()


asyncio.run(main())
