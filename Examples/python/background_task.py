import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 000, "asyncio.create_task()": a background task runs while main goes on.
async def background_task():
    print("Background task started...")
    await asyncio.sleep(3 * S)  # Simulate some async work
    print("Background task completed!")


async def main():
    print("Main function started")

    # Start background task but do not wait for it
    task = asyncio.create_task(background_task())

    print("Main function continues while background task runs...")
    await asyncio.sleep(1 * S)
    print("Main function doing other work...")

    # Optionally wait for the background task before exiting
    await task
    print("Main function completed")


asyncio.run(main())
