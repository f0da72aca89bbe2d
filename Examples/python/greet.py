import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 001, "A simple coroutine".
async def greet():
    print("Hello")
    await asyncio.sleep(1 * S)  # non-blocking delay
    print("World")


asyncio.run(greet())
