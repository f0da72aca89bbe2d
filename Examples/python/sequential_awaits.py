import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 001, "Sequential awaits": each await finishes before the next starts (1 s + 2 s).
async def say(message: str, delay: float):
    await asyncio.sleep(delay * S)
    print(message)


async def main():
    await say("First", 1)
    await say("Second", 2)


asyncio.run(main())
