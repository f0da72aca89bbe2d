import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# Issue 4 (the seeds' network examples): an echo server and three clients on one loop.
# The server listens on 127.0.0.1, port 0 (any free port), and echoes each line back until
# the client ends its side; the clients "think" 0.5 s before each line, all at once, so
# the three conversations take 1 s, not 3.
async def handle_echo(reader, writer):
    async for line in reader:  # until the client's EOF
        writer.write(line)
        await writer.drain()
    writer.close()
    await writer.wait_closed()


async def client(port, n):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    echoes = []
    for word in ("hello", "bye"):
        await asyncio.sleep(0.5 * S)  # think time: the clients overlap
        writer.write(f"{word} from client {n}\n".encode())
        await writer.drain()
        echoes.append((await reader.readline()).decode().rstrip("\n"))
    writer.write_eof()  # no more lines: the server's loop ends and it closes
    rest = await reader.read()
    writer.close()
    await writer.wait_closed()
    return echoes, rest


async def main():
    server = await asyncio.start_server(handle_echo, "127.0.0.1", 0)
    host, port = server.sockets[0].getsockname()[:2]
    print(f"Serving on {host}")
    results = await asyncio.gather(*(client(port, n) for n in (1, 2, 3)))
    for n, (echoes, rest) in enumerate(results, start=1):
        print(f"client {n} got back: {echoes}")
        print(f"client {n} then read EOF: {rest == b''}")
    server.close()
    await server.wait_closed()
    print("Server closed")


asyncio.run(main())
