import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 002, "await vs create_task": await waits, create_task continues immediately.
async def print_something():
    await asyncio.sleep(1 * S)
    print("something")
    return "finished"


async def main():
    # Blocking: waits for print_something to finish before continuing
    await print_something()
    print("this runs after")

    # Non-blocking: schedules it; continues immediately
    task = asyncio.create_task(print_something())
    print("this runs right away")
    await task  # wait later when needed


asyncio.run(main())
