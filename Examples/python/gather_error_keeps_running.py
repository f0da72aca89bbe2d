import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 003, "Handling errors in async code": with gather(), the first error reaches the
# caller while the other tasks keep running in the background.
async def might_fail():
    await asyncio.sleep(0.5 * S)
    raise ValueError("something went wrong")


async def slow_task():
    await asyncio.sleep(1 * S)
    print("slow task finished anyway")
    return "slow"


async def main():
    try:
        await asyncio.gather(might_fail(), slow_task())
    except ValueError as e:
        print(f"Caught: {e}")
    await asyncio.sleep(1 * S)
    print("main done")


asyncio.run(main())
