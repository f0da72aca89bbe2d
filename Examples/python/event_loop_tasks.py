import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 000, "Event loop": two tasks run concurrently; the shorter sleep finishes first.
async def task1():
    print("Task 1 started")
    await asyncio.sleep(2 * S)  # Simulates an I/O operation
    print("Task 1 completed")


async def task2():
    print("Task 2 started")
    await asyncio.sleep(1 * S)
    print("Task 2 completed")


async def main():
    # Run both tasks concurrently
    await asyncio.gather(task1(), task2())


# Run the event loop
asyncio.run(main())
