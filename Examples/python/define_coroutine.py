import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 002, "Defining a coroutine" and "Running async code": asyncio.run() is the entry point.
# (The seed also prints type(main) and type(main()); see README: not ported.)
async def main():
    print("main")


asyncio.run(main())  # sets up the event loop and runs the main coroutine
