import asyncio
import os
import time

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 003, "Wrapping blocking code with asyncio.to_thread": the blocking call runs in a
# thread and the loop stays free. A ticker task (every 0.2 s) shows the loop kept serving.
ticks = 0


def slow_database_query():
    # Simulates a blocking database call
    time.sleep(2 * S)
    return "query results"


async def ticker():
    global ticks
    while True:
        await asyncio.sleep(0.2 * S)
        ticks += 1


async def main():
    ticking = asyncio.create_task(ticker())
    # Run the blocking call in a thread, keep the loop free
    result = await asyncio.to_thread(slow_database_query)
    print(result)
    print(f"ticker ran while blocked: {ticks >= 2}")
    ticking.cancel()


asyncio.run(main())
