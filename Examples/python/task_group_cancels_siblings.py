import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 003, "Structured concurrency with TaskGroup": "if any task fails, the remaining
# tasks are cancelled and an ExceptionGroup is raised containing all the errors".
async def worker(name, delay):
    try:
        await asyncio.sleep(delay * S)
        print(f"{name}: finished")
    except asyncio.CancelledError:
        print(f"{name}: cancelled")
        raise


async def failing(delay):
    await asyncio.sleep(delay * S)
    print("failing: raising ValueError")
    raise ValueError("bad input")


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(worker("quick", 0.5))
            tg.create_task(failing(1))
            tg.create_task(worker("slow", 3))
    except* ValueError as eg:
        print(f"ExceptionGroup with {len(eg.exceptions)} error(s): {eg.exceptions[0]}")


asyncio.run(main())
