import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 004, "Running coroutines with asyncio.run()".
async def greet(name):
    await asyncio.sleep(0.5 * S)
    return f"Hello, {name}"


async def main():
    result = await greet("world")
    print(result)


asyncio.run(main())
# Output: Hello, world
