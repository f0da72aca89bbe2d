import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))  # multiplies every sleep


# seed 003, "Defining and calling a coroutine": asyncio.run() returns the coroutine's value.
async def greet(name):
    return f"Hello, {name}!"


result = asyncio.run(greet("Kandi"))
print(result)
# Output: Hello, Kandi!
