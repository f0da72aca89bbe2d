import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 003, "Handling errors in async code": a failing child of a TaskGroup comes out
# in an ExceptionGroup, caught with except*.
async def risky_task(name, should_fail=False):
    await asyncio.sleep(1 * S)
    if should_fail:
        raise ValueError(f"{name} encountered an error")
    return f"{name} succeeded"


async def main():
    try:
        async with asyncio.TaskGroup() as tg:
            tg.create_task(risky_task("Safe"))
            tg.create_task(risky_task("Dangerous", should_fail=True))
    except* ValueError as eg:
        for err in eg.exceptions:
            print(f"Caught: {err}")


asyncio.run(main())
