import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 004, "Gathering results": return_exceptions=True collects exceptions as results.
# (The seed claims three results; there are two awaitables, so Python prints two.)
async def might_fail():
    raise ValueError("something went wrong")


async def main():
    # Exceptions come back as results, not raised
    results = await asyncio.gather(
        might_fail(),
        asyncio.sleep(1 * S),
        return_exceptions=True,
    )
    print(results)


asyncio.run(main())
