import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 000, "Nested asyncio.run()": asyncio.run() cannot be called inside a running loop;
# the fix is to await the coroutine.
async def task():
    print("Running inside an event loop")


async def main():
    coro = task()
    try:
        asyncio.run(coro)  # ERROR: a loop is already running
    except RuntimeError as e:
        coro.close()  # never started
        if "cannot be called from a running event loop" in str(e):
            print("RuntimeError: run() cannot be called from a running event loop")
        else:
            print(f"unexpected RuntimeError: {e}")
    await task()  # Fix: use await instead


asyncio.run(task())  # fine at the top level
asyncio.run(main())
