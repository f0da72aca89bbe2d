import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 002, "Async methods in classes".
class MyClass:
    @staticmethod
    async def test():
        print("hi")


async def main():
    await MyClass.test()


asyncio.run(main())
