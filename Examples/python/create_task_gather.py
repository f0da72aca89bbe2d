import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 004, "Creating tasks for concurrent execution".
async def fetch_user(user_id):
    await asyncio.sleep(0.5 * S)
    return f"user_{user_id}"


async def main():
    # Schedule both tasks immediately: they run concurrently
    task1 = asyncio.create_task(fetch_user(1))
    task2 = asyncio.create_task(fetch_user(2))

    # Both run in parallel; gather waits for both
    results = await asyncio.gather(task1, task2)
    print(results)  # ['user_1', 'user_2']


asyncio.run(main())
