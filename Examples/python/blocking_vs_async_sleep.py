import asyncio
import os
import time

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep

# seed 004, "Non-blocking sleep": time.sleep() inside a coroutine blocks the entire loop,
# asyncio.sleep() lets other tasks run. A heartbeat task ticks every 0.4 s next to each.
ticks = 0


async def heartbeat(n):
    global ticks
    for _ in range(n):
        await asyncio.sleep(0.4 * S)
        ticks += 1


async def broken():
    before = ticks
    time.sleep(1 * S)  # Blocks everything: no other task runs
    print(f"broken: heartbeat ticked {ticks - before} times during time.sleep(1)")
    await asyncio.sleep(1 * S)
    print(f"broken: heartbeat ticked {ticks - before} times by the end")


async def correct():
    before = ticks
    await asyncio.sleep(1 * S)  # Yields control; other tasks run
    print(f"correct: heartbeat ticked {ticks - before} times during asyncio.sleep(1)")


async def main():
    await asyncio.gather(heartbeat(2), broken())
    await asyncio.gather(heartbeat(2), correct())


asyncio.run(main())
