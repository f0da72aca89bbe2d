import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 003, "How await works".
async def fetch_data():
    print("Starting fetch...")
    await asyncio.sleep(2 * S)  # simulates a slow I/O operation
    print("Data received!")
    return "some data"


asyncio.run(fetch_data())
