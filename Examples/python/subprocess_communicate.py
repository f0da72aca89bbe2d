import asyncio


# Issue 10: communicate() with far more input and output than a pipe holds (4 MiB each
# way through `cat`, 64 KiB pipes): writing, reading and waiting at once never deadlocks.
async def main():
    data = bytes(i * 7 % 251 for i in range(4 * 1024 * 1024))
    proc = await asyncio.create_subprocess_exec(
        "cat", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
    out, err = await proc.communicate(data)
    print(f"sent {len(data)} bytes, got {len(out)} back, same: {out == data}")
    print(f"byte sum {sum(out)}, stderr {err}, returncode {proc.returncode}")


asyncio.run(main())
