import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 002, "Tasks": "If the program ends before a task finishes, the task is cancelled."
async def slow_job():
    print("slow job started")
    try:
        await asyncio.sleep(2 * S)
        print("slow job finished")  # never printed
    except asyncio.CancelledError:
        print("slow job cancelled: main returned first")
        raise


async def main():
    task = asyncio.create_task(slow_job())
    await asyncio.sleep(0.5 * S)
    print(f"main returns; slow job done: {task.done()}")


asyncio.run(main())  # cancels the tasks still pending, then waits for them
print("after asyncio.run")
