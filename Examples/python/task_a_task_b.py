import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 004, "What is an event loop?": B (1 s) finishes before A (2 s).
async def task_a():
    print("Task A: starting")
    await asyncio.sleep(2 * S)
    print("Task A: done")


async def task_b():
    print("Task B: starting")
    await asyncio.sleep(1 * S)
    print("Task B: done")


async def main():
    await asyncio.gather(task_a(), task_b())


asyncio.run(main())
