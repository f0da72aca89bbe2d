import asyncio
import os
import time

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 004, "Running blocking code without blocking the event loop": called directly, the
# blocking function freezes the loop (a ticker task cannot tick); through to_thread() the
# loop stays responsive (the ticker keeps ticking).
ticks = 0


def blocking_db_query():
    # Simulates a slow database call
    time.sleep(2 * S)
    return "query results"


async def ticker():
    global ticks
    while True:
        await asyncio.sleep(0.2 * S)
        ticks += 1


async def main():
    ticking = asyncio.create_task(ticker())
    await asyncio.sleep(0)  # let the ticker start

    before = ticks
    result = blocking_db_query()  # BAD: blocks the event loop for 2 s
    print(f"Called directly: {result}; the ticker ticked {ticks - before} times")

    print("Starting async work...")
    before = ticks
    # Run blocking code in a thread — event loop stays responsive
    result = await asyncio.to_thread(blocking_db_query)
    print(f"Got: {result}")
    print(f"ticker ran while the thread was blocked: {ticks - before >= 2}")
    ticking.cancel()


asyncio.run(main())
