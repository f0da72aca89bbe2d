import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 002, "Real-world use case": fetch data while an algorithm runs.
async def fetch_data():
    print("Start fetching")
    await asyncio.sleep(2 * S)  # simulates network delay
    print("Done fetching")
    return [1, 2, 3]


async def run_algorithm():
    for i in range(10):
        print(i)
        await asyncio.sleep(0.5 * S)


async def main():
    # Run both concurrently: do not wait for fetch before starting the algorithm
    data, _ = await asyncio.gather(fetch_data(), run_algorithm())
    print(data)


asyncio.run(main())
