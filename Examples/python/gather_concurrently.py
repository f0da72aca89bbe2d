import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 001, "Running coroutines concurrently" with asyncio.gather.
async def task(name, delay):
    print(f"Task {name} started")
    await asyncio.sleep(delay * S)
    print(f"Task {name} finished")


async def main():
    await asyncio.gather(
        task("A", 2),
        task("B", 1),
        task("C", 3)
    )


asyncio.run(main())
