import asyncio


# Issue 4, stream semantics: closing a server while clients are connected. close() stops
# accepting (a new connection is refused) but the open connections keep working; closing
# the clients' connections (Server.close_clients() in Python 3.13 and in the Swift twin;
# here, on 3.11, the server closes the writers it kept) makes each client read EOF.
async def main():
    writers = []  # the server's side of each connection (3.11 has no close_clients)

    async def handle_echo(reader, writer):
        writers.append(writer)
        async for line in reader:
            writer.write(line)
            await writer.drain()

    async def ask(reader, writer, text):
        writer.write(f"{text}\n".encode())
        await writer.drain()
        return (await reader.readline()).decode().rstrip("\n")

    server = await asyncio.start_server(handle_echo, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    print(f"server: serving: {server.is_serving()}")
    clients = [await asyncio.open_connection("127.0.0.1", port) for _ in range(2)]
    for n, (reader, writer) in enumerate(clients, start=1):
        print(f"client {n}: {await ask(reader, writer, f'ping {n}')!r}")

    server.close()
    print(f"server: close(); serving: {server.is_serving()}")
    try:
        await asyncio.open_connection("127.0.0.1", port)
        print("new client: connected (unexpected)")
    except ConnectionRefusedError:
        print("new client: connection refused")
    for n, (reader, writer) in enumerate(clients, start=1):
        print(f"client {n}: {await ask(reader, writer, f'still here {n}')!r}")

    print("server: closing the client connections")
    for w in writers:  # Swift: server.close_clients()
        w.close()
    for n, (reader, writer) in enumerate(clients, start=1):
        print(f"client {n}: read {await reader.read()!r}, at EOF: {reader.at_eof()}")
        writer.close()
        await writer.wait_closed()
    await server.wait_closed()
    print("server: closed")


asyncio.run(main())
