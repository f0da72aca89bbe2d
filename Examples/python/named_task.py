import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 003, "Debugging coroutines": name your tasks.
async def fetch_user_data(user_id):
    print(f"{asyncio.current_task().get_name()}: fetching user {user_id}")
    await asyncio.sleep(0.5 * S)
    return f"data of user {user_id}"


async def main():
    tasks = []
    for user_id in (7, 42):
        task = asyncio.create_task(
            fetch_user_data(user_id),
            name=f"fetch-user-{user_id}"
        )
        print(f"created {task.get_name()}")
        tasks.append(task)
    for task in tasks:
        print(f"{task.get_name()} -> {await task}")


asyncio.run(main())
