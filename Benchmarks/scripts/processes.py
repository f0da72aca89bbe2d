#!/usr/bin/env python3
"""The `processes` and `pipe_throughput` workloads of `asyncio bench` (issue 10) for
CPython asyncio and uvloop. One JSON line with the fields of `asyncio bench --json`.

    python3 processes.py --loop asyncio|uvloop --workload processes [--n 2000]
    python3 processes.py --loop asyncio|uvloop --workload pipe_throughput [--n 1073741824]

processes: N tasks each take a Semaphore(100) permit, create_subprocess_exec("/bin/true")
(stdio inherited) and wait() for it, gathered; ops_per_sec = processes/s.
pipe_throughput: N bytes through one `cat`: stdin written in 256 KiB chunks with drain()
after each, then closed; stdout read(256 KiB) until EOF by a second task and counted;
seconds = from the spawn until the child is reaped; mib_per_sec = MiB/s.
"""
import argparse, asyncio, json, resource, time

IN_FLIGHT = 100
CHUNK = 256 * 1024
DEFAULT_N = {"processes": 2000, "pipe_throughput": 1 << 30}

ap = argparse.ArgumentParser()
ap.add_argument("--loop", "--runtime", dest="loop", choices=["asyncio", "uvloop"], default="asyncio")
ap.add_argument("--workload", choices=sorted(DEFAULT_N), required=True)
ap.add_argument("--n", type=int)
a = ap.parse_args()
n = a.n or DEFAULT_N[a.workload]


async def processes(n):
    sem = asyncio.Semaphore(IN_FLIGHT)

    async def one():
        async with sem:
            p = await asyncio.create_subprocess_exec("/bin/true")
            return await p.wait()

    t0 = time.perf_counter()
    codes = await asyncio.gather(*[one() for _ in range(n)])
    dt = time.perf_counter() - t0
    assert all(c == 0 for c in codes), "a child exited non-zero"
    return dt, {"in_flight": IN_FLIGHT}


async def pipe_throughput(n):
    t0 = time.perf_counter()
    p = await asyncio.create_subprocess_exec(
        "cat", stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)

    async def count():
        got = 0
        while True:
            chunk = await p.stdout.read(CHUNK)
            if not chunk:
                return got
            got += len(chunk)

    counter = asyncio.create_task(count())
    chunk = b"a" * CHUNK
    sent = 0
    while sent < n:
        k = min(CHUNK, n - sent)
        p.stdin.write(chunk if k == CHUNK else chunk[:k])
        await p.stdin.drain()
        sent += k
    p.stdin.close()
    got = await counter
    code = await p.wait()
    dt = time.perf_counter() - t0
    assert got == n and code == 0, f"cat gave {got} bytes of {n}, exit {code}"
    return dt, {"chunk_kib": CHUNK // 1024}


if a.loop == "uvloop":
    import uvloop
    uvloop.install()
dt, extra = asyncio.run({"processes": processes, "pipe_throughput": pipe_throughput}[a.workload](n))
line = {"runtime": a.loop, "workload": a.workload, "n": n, "seconds": round(dt, 6)}
if a.workload == "pipe_throughput":
    line["mib_per_sec"] = round(n / 1048576 / dt, 1)
else:
    line["ops_per_sec"] = round(n / dt, 1)
line["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
line.update(extra)
print(json.dumps(line))
