import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 003, "Running multiple coroutines together": 3 s in all instead of 3 + 1 + 2.
async def task(name, delay):
    print(f"{name}: starting")
    await asyncio.sleep(delay * S)
    print(f"{name}: done after {delay}s")
    return name


async def main():
    results = await asyncio.gather(
        task("Alpha", 3),
        task("Beta", 1),
        task("Gamma", 2),
    )
    print(f"All done: {results}")


asyncio.run(main())
