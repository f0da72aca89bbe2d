import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 002, "await": calling a coroutine and getting its return value.
async def print_something():
    await asyncio.sleep(1 * S)  # use asyncio.sleep, NOT time.sleep
    print("something")
    return "finished"


async def main():
    result = await print_something()  # blocks until print_something() is done
    print(result)  # "finished"


asyncio.run(main())
