# wait(FIRST_EXCEPTION) does not count cancelled tasks; wait() of nothing is a ValueError.
import asyncio


async def main():
    async def fail(delay):
        await asyncio.sleep(delay)
        raise RuntimeError("boom")

    async def slow():
        await asyncio.sleep(1)

    cancelled = asyncio.create_task(slow())
    failing = asyncio.create_task(fail(0.05))
    sleeper = asyncio.create_task(slow())
    await asyncio.sleep(0)
    cancelled.cancel()
    done, pending = await asyncio.wait([cancelled, failing, sleeper], return_when=asyncio.FIRST_EXCEPTION)
    failing.exception()  # looked at: not reported as never retrieved
    print("done", len(done), "pending", len(pending), "failing done", failing in done)
    sleeper.cancel()
    try:
        await asyncio.wait([])
    except ValueError as e:
        print("ValueError:", e)


asyncio.run(main())
