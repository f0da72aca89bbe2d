import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 004, "Gathering results from multiple coroutines".
async def get_stock(symbol):
    await asyncio.sleep(0.3 * S)
    return f"{symbol}: $150"


async def main():
    results = await asyncio.gather(
        get_stock("AAPL"),
        get_stock("GOOG"),
        get_stock("MSFT"),
    )
    for r in results:
        print(r)


asyncio.run(main())
