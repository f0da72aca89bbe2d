import asyncio
import os
import signal

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))


# Issue 10: the usual server shutdown. SIGTERM (sent here by the program itself, as
# `kill PID` would) stops accepting, lets the requests in flight finish within a deadline,
# then the program ends. Each request takes 1 s; SIGTERM comes at 0.5 s.
async def main():
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    in_flight = 0
    idle = asyncio.Event()

    async def handle(reader, writer):
        nonlocal in_flight
        in_flight += 1
        idle.clear()
        try:
            line = (await reader.readline()).decode().strip()
            await asyncio.sleep(1 * S)  # the work
            writer.write(f"done: {line}\n".encode())
            await writer.drain()
        finally:
            writer.close()
            in_flight -= 1
            if in_flight == 0:
                idle.set()

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print("serving")

    async def client(n):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"request {n}\n".encode())
        await writer.drain()
        reply = (await reader.readline()).decode().strip()
        writer.close()
        await writer.wait_closed()
        return f"client {n}: {reply}"

    clients = [asyncio.create_task(client(n)) for n in (1, 2)]
    await asyncio.sleep(0.5 * S)
    os.kill(os.getpid(), signal.SIGTERM)
    await stop.wait()
    server.close()
    print(f"SIGTERM: not accepting; {in_flight} requests in flight")
    try:
        async with asyncio.timeout(5 * S):
            await idle.wait()
        print("all requests finished")
    except TimeoutError:
        print("deadline passed: dropping the rest")
    for line in await asyncio.gather(*clients):
        print(line)
    loop.remove_signal_handler(signal.SIGTERM)
    print("stopped")


asyncio.run(main())
