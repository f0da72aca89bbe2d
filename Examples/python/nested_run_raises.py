import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 004, "Running coroutines with asyncio.run()": nested calls raise RuntimeError.
async def other_coro():
    print("other_coro ran")  # never printed


async def nested():
    # This raises RuntimeError: event loop already running
    coro = other_coro()
    try:
        asyncio.run(coro)
    finally:
        coro.close()


async def main():
    try:
        await nested()
    except RuntimeError as e:
        if "cannot be called from a running event loop" in str(e):
            print("RuntimeError: run() cannot be called from a running event loop")
        else:
            print(f"unexpected RuntimeError: {e}")


asyncio.run(main())
