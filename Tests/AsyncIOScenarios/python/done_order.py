# Done callbacks and awaiting tasks are served in the order they came.
import asyncio


async def main():
    loop = asyncio.get_running_loop()
    fut = loop.create_future()

    async def waiter(n, aw):
        await aw
        print(f"waiter {n}")

    fut.add_done_callback(lambda f: print("future callback 1"))
    w1 = asyncio.create_task(waiter(1, fut))
    await asyncio.sleep(0)
    fut.add_done_callback(lambda f: print("future callback 2"))
    w2 = asyncio.create_task(waiter(2, fut))
    await asyncio.sleep(0)
    fut.set_result(None)
    await asyncio.gather(w1, w2)

    async def work():
        await asyncio.sleep(0.01)

    task = asyncio.create_task(work())
    task.add_done_callback(lambda t: print("task callback 1"))
    w3 = asyncio.create_task(waiter(3, task))
    await asyncio.sleep(0)
    task.add_done_callback(lambda t: print("task callback 2"))
    w4 = asyncio.create_task(waiter(4, task))
    await asyncio.gather(w3, w4)


asyncio.run(main())
