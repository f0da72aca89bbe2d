import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 003, "Async iteration": an asynchronous generator yields values and awaits between
# them; async for pulls them one at a time.
async def countdown(n):
    for i in range(n, 0, -1):
        yield i
        await asyncio.sleep(0.5 * S)


async def main():
    async for count in countdown(5):
        print(f"T-minus {count}")


asyncio.run(main())
