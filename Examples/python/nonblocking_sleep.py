import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 000, "time.sleep vs asyncio.sleep" (good): the task sleeps in the background.
async def async_task():
    print("Task started...")
    await asyncio.sleep(3 * S)  # Non-blocking, other tasks can run
    print("Task completed!")


async def main():
    task = asyncio.create_task(async_task())  # Run in background
    print("Main function continues...")
    await task  # Wait for task to finish


asyncio.run(main())
