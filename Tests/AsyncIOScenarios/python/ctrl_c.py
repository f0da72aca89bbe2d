# Ctrl-C during asyncio.run: the main task is cancelled, its cleanup runs (and may still
# await), the leftover tasks are cancelled, then run raises KeyboardInterrupt.
import asyncio


async def main():
    async def worker():
        try:
            await asyncio.sleep(30)
        except asyncio.CancelledError:
            print("worker cancelled")
            raise

    asyncio.create_task(worker())
    try:
        print("ready", flush=True)
        await asyncio.sleep(30)
    except asyncio.CancelledError:
        print("main cancelled, cleaning up")
        await asyncio.sleep(0.05)
        print("cleanup done")
        raise


try:
    asyncio.run(main())
except KeyboardInterrupt:
    print("KeyboardInterrupt")
