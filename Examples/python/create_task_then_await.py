import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 002, "Tasks": create_task schedules the coroutine; main continues at once.
async def print_something():
    await asyncio.sleep(1 * S)
    print("something")
    return "finished"


async def main():
    task = asyncio.create_task(print_something())  # scheduled, starts soon
    print("main continues immediately")
    await task  # wait for task to finish
    result = await task  # get return value
    print(result)


asyncio.run(main())
