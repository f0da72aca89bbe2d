import asyncio


# Issue 4, stream semantics: a reader opened with limit=16. readuntil raises
# LimitOverrunError and leaves the data buffered; readline turns the same error into a
# ValueError (the Swift twin throws LimitOverrunError: both print "limit overrun") and
# drops the long line (or the whole buffer when no newline was found).
PAYLOADS = {
    # the newline is 20 bytes in, past the limit of 16
    "long-line": b"0123456789abcdefghij\nshort\n",
    # 40 bytes and no newline at all
    "no-newline": b"x" * 40,
}


async def serve_payload(reader, writer):
    name = (await reader.readline()).decode().strip()
    writer.write(PAYLOADS[name])  # one write: it arrives in one piece on loopback
    await writer.drain()
    writer.close()
    await writer.wait_closed()


async def open_payload(port, name):
    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=16)
    writer.write(f"{name}\n".encode())
    await writer.drain()
    return reader, writer


async def try_readuntil(reader):
    try:
        line = await reader.readuntil(b"\n")
        print(f"readuntil: {line!r}")
    except asyncio.LimitOverrunError as e:
        print(f"readuntil: LimitOverrunError: {e} (consumed {e.consumed})")


async def try_readline(reader):
    try:
        print(f"readline: {await reader.readline()!r}")
    except ValueError as e:  # asyncio's readline raises ValueError
        print(f"readline: limit overrun: {e}")


async def main():
    server = await asyncio.start_server(serve_payload, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]

    print("-- a 21-byte line, then a short one")
    reader, writer = await open_payload(port, "long-line")
    await try_readuntil(reader)  # the data stays buffered
    await try_readuntil(reader)  # so it fails again
    await try_readline(reader)  # the long line is dropped
    await try_readline(reader)
    await try_readline(reader)
    writer.close()
    await writer.wait_closed()

    print("-- 40 bytes, no newline")
    reader, writer = await open_payload(port, "no-newline")
    await try_readuntil(reader)
    await try_readline(reader)  # the whole buffer is dropped
    await try_readline(reader)  # then EOF
    writer.close()
    await writer.wait_closed()

    print("-- the same 40 bytes: readexactly and read are not limited")
    reader, writer = await open_payload(port, "no-newline")
    print(f"readexactly(30): {len(await reader.readexactly(30))} bytes")
    print(f"read(): {await reader.read()!r}")
    writer.close()
    await writer.wait_closed()

    server.close()
    await server.wait_closed()


asyncio.run(main())
