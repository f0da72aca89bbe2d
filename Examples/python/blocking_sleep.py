import asyncio
import os
import time

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep

# seed 000, "time.sleep vs asyncio.sleep" (bad): time.sleep blocks the whole event loop.


async def async_task():
    print("Task started...")
    time.sleep(3 * S)  # Blocks the whole event loop!
    print("Task completed!")


async def main():
    await async_task()  # This blocks everything for 3 sec
    print("Main function continues...")


asyncio.run(main())
