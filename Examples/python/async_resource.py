import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 001, "Async context managers": async with awaits in __aenter__ and __aexit__.
class AsyncResource:
    async def __aenter__(self):
        print("Acquire resource")
        await asyncio.sleep(0.2 * S)
        return self

    async def __aexit__(self, exc_type, exc, tb):
        print("Release resource")


async def main():
    async with AsyncResource() as r:
        print("Using resource")


asyncio.run(main())
