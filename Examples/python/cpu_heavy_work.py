import asyncio
import concurrent.futures


# seed 003, "Wrapping blocking code": CPU-bound work goes to an executor. Python needs a
# ProcessPoolExecutor to get past the GIL; the Swift twin uses a ThreadPool (no GIL).
# Only the results are printed: how much faster the pool is depends on the machine.
def cpu_heavy_work(n):
    # Simulates CPU-bound computation
    return sum(i * i for i in range(n))


async def main():
    loop = asyncio.get_running_loop()
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
        result = await loop.run_in_executor(pool, cpu_heavy_work, 10_000_000)
        print(f"Result: {result}")

        # Four calls on a two-worker pool, gathered: the results come back in order.
        sizes = [250_000, 500_000, 750_000, 1_000_000]
        results = await asyncio.gather(*(loop.run_in_executor(pool, cpu_heavy_work, n) for n in sizes))
        for n, r in zip(sizes, results):
            print(f"cpu_heavy_work({n:_}) = {r}")


if __name__ == "__main__":
    asyncio.run(main())
