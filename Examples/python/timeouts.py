import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# Not in the seeds (seed 004 only points to a tutorial on timeouts): asyncio.wait_for and
# asyncio.timeout, the two ways to put a deadline on an await.
async def slow_operation():
    await asyncio.sleep(2 * S)
    return "slow result"


async def main():
    try:
        await asyncio.wait_for(slow_operation(), timeout=1 * S)
    except TimeoutError:
        print("wait_for: gave up after 1 s")

    print(f"wait_for: {await asyncio.wait_for(slow_operation(), timeout=3 * S)}")

    try:
        async with asyncio.timeout(1 * S) as cm:
            await slow_operation()
    except TimeoutError:
        print(f"timeout: expired={cm.expired()}")

    async with asyncio.timeout(None) as cm:
        cm.reschedule(asyncio.get_running_loop().time() + 3 * S)
        print(f"timeout (rescheduled): {await slow_operation()}")
    print(f"timeout: expired={cm.expired()}")


asyncio.run(main())
