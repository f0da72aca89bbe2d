# Two cancel() calls while the first is pending: one CancelledError, and cancelling() == 2.
import asyncio


async def main():
    async def child():
        try:
            await asyncio.sleep(1)
        except asyncio.CancelledError:
            print("child: cancelled once")
            try:
                await asyncio.sleep(0.01)
                print("child: the next await runs")
            except asyncio.CancelledError:
                print("child: cancelled twice")
        return "done"

    t = asyncio.create_task(child())
    await asyncio.sleep(0)
    t.cancel()
    t.cancel()
    print("cancelling", t.cancelling())
    print("result", await t)

    # Two timeouts with one deadline: one cancellation reaches the body.
    try:
        async with asyncio.timeout(0.05) as outer:
            try:
                async with asyncio.timeout(0.05) as inner:
                    await asyncio.sleep(1)
            except TimeoutError:
                print("inner: TimeoutError")
            except asyncio.CancelledError:
                print("inner: cancelled")
            await asyncio.sleep(0)
            print("outer body goes on")
    except TimeoutError:
        print("outer: TimeoutError")
    print(inner, outer)
    print("cancelling", asyncio.current_task().cancelling())


asyncio.run(main())
