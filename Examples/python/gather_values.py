import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 002, "asyncio.gather()": the same two coroutines, return values in order.
async def print_values(values, delay):
    for item in values:
        print(item)
        await asyncio.sleep(delay * S)
    return delay


async def main():
    results = await asyncio.gather(
        print_values([1, 3, 5], 0.2),
        print_values([2, 4], 0.3)
    )
    print(results)  # [0.2, 0.3]: return values in order


asyncio.run(main())
