import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 000, "await vs asyncio.run" (good): await is used inside an async function.
async def say_hello():
    await asyncio.sleep(2 * S)  # Simulating an async task
    print("Hello, Async!")


async def main():
    await say_hello()  # Allowed because we are inside an async function


asyncio.run(main())  # Running the main function from sync code
