import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 001, "Event loop in action": all three start, the shortest delay finishes first.
async def task(name: str, delay: float):
    print(f"{name} started")
    await asyncio.sleep(delay * S)  # yield to the loop
    print(f"{name} finished after {delay} seconds")


async def main():
    await asyncio.gather(
        task("Task A", 2),
        task("Task B", 1),
        task("Task C", 3),
    )


asyncio.run(main())
