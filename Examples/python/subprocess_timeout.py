import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))


# Issue 10: a child that hangs, under a deadline. The timeout cancels the wait, not the
# child (asyncio never kills it by itself): the program kills it, then reaps it.
async def main():
    proc = await asyncio.create_subprocess_exec("sleep", str(30 * S))
    try:
        async with asyncio.timeout(0.5 * S):
            await proc.wait()
    except TimeoutError:
        print(f"timed out; still running: {proc.returncode is None}")
        proc.kill()
        print(f"killed: returncode {await proc.wait()}")


asyncio.run(main())
