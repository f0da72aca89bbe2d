import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 000, "asyncio.gather()": runs coroutines concurrently and returns their results in order.
async def task1():
    print("Task 1 started")
    await asyncio.sleep(2 * S)
    print("Task 1 completed")
    return "Result 1"


async def task2():
    print("Task 2 started")
    await asyncio.sleep(1 * S)
    print("Task 2 completed")
    return "Result 2"


async def main():
    results = await asyncio.gather(task1(), task2())
    print("All tasks completed:", results)


asyncio.run(main())
