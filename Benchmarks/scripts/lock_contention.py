#!/usr/bin/env python3
"""The `lock` workload of `asyncio bench` for CPython asyncio and uvloop: 10 tasks each take
one asyncio.Lock N/10 times and `await asyncio.sleep(0)` while holding it. One JSON line
with bench.py's fields.

    python3 lock_contention.py --runtime asyncio|uvloop [--n N]
"""
import argparse, asyncio, json, resource, time

ap = argparse.ArgumentParser()
ap.add_argument("--runtime", choices=["asyncio", "uvloop"], default="asyncio")
ap.add_argument("--n", type=int, default=200_000)
a = ap.parse_args()
TASKS = 10

async def main(n):
    lock = asyncio.Lock()
    per = n // TASKS

    async def worker():
        got = 0
        for _ in range(per):
            async with lock:
                got += 1
                await asyncio.sleep(0)
        return got

    t0 = time.perf_counter()
    counts = await asyncio.gather(*[worker() for _ in range(TASKS)])
    dt = time.perf_counter() - t0
    assert sum(counts) == per * TASKS
    return dt

if a.runtime == "uvloop":
    import uvloop
    uvloop.install()
dt = asyncio.run(main(a.n))
print(json.dumps({"runtime": a.runtime, "workload": "lock", "n": a.n, "seconds": round(dt, 6),
                  "ops_per_sec": round(a.n / dt, 1),
                  "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                  "tasks": TASKS}))
