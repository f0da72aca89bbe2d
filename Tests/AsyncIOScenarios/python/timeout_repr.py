# Timeout's repr through its states.
import asyncio


async def main():
    async with asyncio.timeout(None) as t:
        print(t)
    print(t)
    try:
        async with asyncio.timeout(0.01) as t:
            try:
                await asyncio.sleep(1)
            except asyncio.CancelledError:
                print(t)
                raise
    except TimeoutError:
        print("TimeoutError", t)


asyncio.run(main())
