import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 003, "Structured concurrency with TaskGroup".
async def task(name, delay):
    print(f"{name}: starting")
    await asyncio.sleep(delay * S)
    print(f"{name}: done after {delay}s")
    return name


async def main():
    async with asyncio.TaskGroup() as tg:
        t1 = tg.create_task(task("Alpha", 3))
        t2 = tg.create_task(task("Beta", 1))
        t3 = tg.create_task(task("Gamma", 2))
    # All tasks guaranteed complete here
    print(f"Results: {t1.result()}, {t2.result()}, {t3.result()}")


asyncio.run(main())
