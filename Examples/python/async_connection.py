import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 003, "Async context managers": a connection with an asynchronous handshake and
# graceful close; __aexit__ runs (and is awaited) when the block ends.
class AsyncConnection:
    async def __aenter__(self):
        print("Opening connection...")
        await asyncio.sleep(0.5 * S)  # simulate handshake
        return self

    async def __aexit__(self, exc_type, exc, tb):
        print("Closing connection...")
        await asyncio.sleep(0.2 * S)  # simulate graceful close

    async def query(self, sql):
        await asyncio.sleep(0.3 * S)
        return f"Results for: {sql}"


async def main():
    async with AsyncConnection() as conn:
        result = await conn.query("SELECT * FROM users")
        print(result)
    print("Connection closed")


asyncio.run(main())
