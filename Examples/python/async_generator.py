import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 002, "Async generators": a generator function with async and yield, iterated with
# async for. (The seed's plain `for i in gen(10)` raises TypeError; in Swift it does not
# compile, so it is not ported.)
async def gen(n):
    for i in range(n):
        yield i
        await asyncio.sleep(0.5 * S)


async def main():
    async for i in gen(10):  # async for
        print(i)


asyncio.run(main())
