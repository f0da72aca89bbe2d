import asyncio
import os

S = float(os.environ.get("ASYNCIO_TIME_SCALE", "1.0"))


# Issue 10: run several commands at once and print their outputs in the order given.
# Each command sleeps before answering; together they take as long as the slowest.
async def run(cmd):
    proc = await asyncio.create_subprocess_shell(cmd, stdout=asyncio.subprocess.PIPE)
    out, _ = await proc.communicate()
    return cmd.split("; ")[-1], proc.returncode, out.decode().strip()


async def main():
    commands = [
        f"sleep {1 * S}; echo three",
        f"sleep {0.5 * S}; echo two",
        f"sleep {0.2 * S}; echo one; exit 7",
    ]
    for cmd, code, out in await asyncio.gather(*(run(c) for c in commands)):
        print(f"{cmd!r} exited with {code}: {out}")


asyncio.run(main())
