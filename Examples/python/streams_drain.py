import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# Issue 4, stream semantics: drain() with a slow reader. The server writes 16 MiB at once;
# the client does not read for a second, so the kernel's socket buffers fill (a few MiB on
# loopback) and the rest waits in the writer's buffer, far above its high-water mark
# (64 KiB): drain() waits. Once the client reads, the buffer empties and drain() returns.
SIZE = 16 * 1024 * 1024
DATA = bytes(range(256)) * (SIZE // 256)


async def main():
    loop = asyncio.get_running_loop()
    writing = loop.create_future()  # set when the server waits in drain()
    drained = loop.create_future()  # set when drain() returned

    async def send_bulk(reader, writer):
        writer.write(DATA)
        buffered = writer.transport.get_write_buffer_size()
        print(f"writer: wrote {SIZE} bytes; over the high-water mark: {buffered > 64 * 1024}")
        print("writer: waiting in drain()")
        writing.set_result(None)
        await writer.drain()
        print("writer: drain() returned")
        drained.set_result(None)
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(send_bulk, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", port)

    await writing
    await asyncio.sleep(1 * S)  # a slow reader: nothing read for a second
    print(f"reader: 1 s without reading; drain() still waiting: {not drained.done()}")
    print("reader: reading")
    received = bytearray()
    while len(received) < SIZE:
        chunk = await reader.read(64 * 1024)
        if not chunk:
            break
        received += chunk
    print(f"reader: got {len(received)} bytes, intact: {received == DATA}")
    print(f"reader: then EOF: {await reader.read() == b''}; drain() had returned: {drained.done()}")
    writer.close()
    await writer.wait_closed()
    server.close()
    await server.wait_closed()


asyncio.run(main())
