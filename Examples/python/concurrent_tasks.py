import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 002, "Practical example": two tasks interleave their output.
async def print_values(values, delay):
    for item in values:
        print(item)
        await asyncio.sleep(delay * S)
    return delay


async def main():
    task1 = asyncio.create_task(print_values([1, 3, 5], 0.2))
    task2 = asyncio.create_task(print_values([2, 4], 0.3))
    await task1
    await task2


asyncio.run(main())
# Output: 1 2 3 4 5  (in order, reliable, no locks needed!)
