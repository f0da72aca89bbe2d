import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 000, "Coroutines": a coroutine pauses at await and resumes after the sleep.
async def say_hello():
    print("Hello")
    await asyncio.sleep(1 * S)
    print("World")


# running the coroutine
asyncio.run(say_hello())
