import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 004, "Non-blocking sleep".
async def show_progress():
    print("Step 1...")
    await asyncio.sleep(1 * S)
    print("Step 2...")
    await asyncio.sleep(1 * S)
    print("Done!")


async def main():
    # This takes 2 seconds total, not blocking other tasks
    await show_progress()


asyncio.run(main())
