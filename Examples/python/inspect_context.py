import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 004, "Checking the current task and loop".
async def inspect_context():
    # Get the currently executing Task
    current = asyncio.current_task()
    print(f"Running task: {current.get_name()}")

    # Get all active tasks
    all_tasks = asyncio.all_tasks()
    print(f"All active tasks: {len(all_tasks)}")

    # Get the running event loop
    loop = asyncio.get_running_loop()
    print(f"Running loop: running={loop.is_running()} closed={loop.is_closed()}")


async def main():
    await inspect_context()
    workers = [asyncio.create_task(asyncio.sleep(0.5 * S), name=f"worker-{i}") for i in (1, 2)]
    await inspect_context()
    print(sorted(t.get_name() for t in asyncio.all_tasks()))
    await asyncio.gather(*workers)
    print(f"All active tasks: {len(asyncio.all_tasks())}")


asyncio.run(main())

# get_running_loop() raises RuntimeError outside a running coroutine
try:
    asyncio.get_running_loop()
except RuntimeError as e:
    if "no running event loop" in str(e):
        print("RuntimeError: no running event loop")
    else:
        print(f"unexpected RuntimeError: {e}")
