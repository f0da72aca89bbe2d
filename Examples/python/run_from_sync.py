import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 000, "asyncio.run()": runs the coroutine from sync code.
async def say_hello():
    await asyncio.sleep(2 * S)
    print("Hello, Async!")


asyncio.run(say_hello())  # Runs the coroutine from sync code
