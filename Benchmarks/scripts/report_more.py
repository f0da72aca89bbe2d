#!/usr/bin/env python3
"""Folds run_more.sh's JSON lines into medians, ratios and the issue-3/4 targets, and
writes them into BENCHMARKS.md between the `more:start` / `more:end` markers (appended
if the markers are missing).

    python3 report_more.py RAW.jsonl --out BENCHMARKS.md --elapsed S --commit C --command CMD
"""
import argparse, collections, datetime, json, os, statistics

ap = argparse.ArgumentParser()
ap.add_argument("raw")
ap.add_argument("--out", required=True)
ap.add_argument("--elapsed", type=int, default=0)
ap.add_argument("--commit", default="?")
ap.add_argument("--command", default="")
a = ap.parse_args()

rows = [json.loads(l) for l in open(a.raw) if l.strip()]
groups = collections.defaultdict(list)
for r in rows:
    key = (r["workload"], r["runtime"], r.get("conns"), r.get("size"))
    groups[key].append(r)

def med(key, field="ops_per_sec"):
    vals = [r[field] for r in groups.get(key, []) if field in r]
    return statistics.median(vals) if vals else None

def noisy(key):
    return any(r.get("foreign_load", 0) > 0.1 for r in groups.get(key, []))

def fmt(v, unit=""):
    if v is None:
        return "–"
    return f"{v:,.0f}{unit}" if v >= 100 else f"{v:,.2f}{unit}"

def ratio(x, y):
    return None if x is None or y is None or y == 0 else x / y

def rfmt(v):
    return "–" if v is None else f"{v:.2f}×"

out = ["<!-- more:start -->", "", "## Queues, locks, threads and streams (issues 3 and 4)", ""]
out.append(f"- Date: {datetime.datetime.now(datetime.timezone.utc).isoformat(timespec='seconds')}, "
           f"run {a.elapsed} s, library commit `{a.commit}`")
out.append(f"- Command: `{a.command}`")
out.append("- Medians of the runs below (reps as the outer loop); ⚠ = a kept run shared the CPU "
           "with other processes (foreign_load > 0.1 core). Echo: server pinned to core 0, the "
           "peers' C loadgen to core 1 (`bench.py --workload echo`).")
out.append("")

micro = [("pingpong", "round trips/s", ["asyncio", "uvloop", "trio"]),
         ("to_thread", "calls/s", ["asyncio", "uvloop", "trio"]),
         ("lock", "acquisitions/s", ["asyncio", "uvloop"])]
out += ["| workload | ours | " + " | ".join(["peer", "peer's", "ours ÷ peer"]) + " |", "|---|---|---|---|---|"]
for w, unit, peers in micro:
    ours = med((w, "swift-asyncio", None, None))
    for p in peers:
        pv = med((w, p, None, None))
        flag = " ⚠" if noisy((w, p, None, None)) or noisy((w, "swift-asyncio", None, None)) else ""
        out.append(f"| {w} ({unit}) | {fmt(ours)} | {p} | {fmt(pv)} | {rfmt(ratio(ours, pv))}{flag} |")
cp = groups.get(("cpu_parallel", "swift-asyncio", None, None), [])
if cp:
    sp = statistics.median(r["speedup"] for r in cp)
    out.append("")
    out.append(f"`cpu_parallel`: {cp[0]['calls']} CPU-bound calls on a {cp[0]['threads']}-thread pool ran "
               f"**{sp:.2f}×** faster than one after another on the loop's thread (median of {len(cp)}; "
               "no GIL: CPython threads would give ~1×).")
out.append("")

servers = ["swift-asyncio-streams", "swift-asyncio-protocol", "c-epoll-ref", "asyncio-streams",
           "asyncio-protocol", "uvloop-streams", "uvloop-protocol", "trio"]
out += ["### TCP echo: requests/s (p50 / p99 µs)", "",
        "| conns | size | " + " | ".join(servers) + " |", "|---|---|" + "---|" * len(servers)]
configs = sorted({(k[2], k[3]) for k in groups if k[0] == "echo"})
for conns, size in configs:
    cells = []
    for s in servers:
        key = ("echo", s, conns, size)
        v = med(key)
        if v is None:
            cells.append("–")
            continue
        cells.append(f"{fmt(v)} ({fmt(med(key, 'p50_us'))} / {fmt(med(key, 'p99_us'))})" + (" ⚠" if noisy(key) else ""))
    out.append(f"| {conns} | {size} | " + " | ".join(cells) + " |")
out.append("")
out += ["### Echo ratios", "", "| conns | size | streams ÷ C | protocol ÷ C | streams ÷ uvloop-streams | protocol ÷ uvloop-protocol | streams ÷ asyncio-streams |",
        "|---|---|---|---|---|---|---|"]
for conns, size in configs:
    g = lambda s: med(("echo", s, conns, size))
    out.append(f"| {conns} | {size} | {rfmt(ratio(g('swift-asyncio-streams'), g('c-epoll-ref')))} | "
               f"{rfmt(ratio(g('swift-asyncio-protocol'), g('c-epoll-ref')))} | "
               f"{rfmt(ratio(g('swift-asyncio-streams'), g('uvloop-streams')))} | "
               f"{rfmt(ratio(g('swift-asyncio-protocol'), g('uvloop-protocol')))} | "
               f"{rfmt(ratio(g('swift-asyncio-streams'), g('asyncio-streams')))} |")
out.append("")

def target(name, value, goal, higher=True, unit="×"):
    if value is None:
        return f"| {name} | – | not measured |"
    ok = value >= goal if higher else value <= goal
    return f"| {name} | {value:.2f}{unit} | {'met' if ok else '**missed**'} |"

P = lambda w, rt: med((w, rt, None, None))
E = lambda s, c=100, z=64: med(("echo", s, c, z))
out += ["### Targets (issues 3 and 4)", "", "| target | measured | |", "|---|---|---|"]
out.append(target("pingpong ≥ 20× CPython asyncio", ratio(P("pingpong", "swift-asyncio"), P("pingpong", "asyncio")), 20))
out.append(target("pingpong ≥ 10× uvloop", ratio(P("pingpong", "swift-asyncio"), P("pingpong", "uvloop")), 10))
out.append(target("toThread ≥ 3× uvloop's to_thread", ratio(P("to_thread", "swift-asyncio"), P("to_thread", "uvloop")), 3))
out.append(target("echo streams ≥ 0.9× C reference (100 conns, 64 B)", ratio(E("swift-asyncio-streams"), E("c-epoll-ref")), 0.9))
out.append(target("echo streams ≥ 1.5× uvloop-streams (100 conns, 64 B)", ratio(E("swift-asyncio-streams"), E("uvloop-streams")), 1.5))
out.append(target("echo protocol ≥ 0.95× C reference (100 conns, 64 B)", ratio(E("swift-asyncio-protocol"), E("c-epoll-ref")), 0.95))
p99 = lambda s: med(("echo", s, 100, 64), "p99_us")
out.append(target("p99 at 100 conns (64 B) ≤ uvloop-protocol's: streams ÷ uvloop-protocol",
                  ratio(p99("swift-asyncio-streams"), p99("uvloop-protocol")), 1.0, higher=False))
out.append(target("p99 at 100 conns (64 B) ≤ uvloop-protocol's: protocol ÷ uvloop-protocol",
                  ratio(p99("swift-asyncio-protocol"), p99("uvloop-protocol")), 1.0, higher=False))
out += ["", "<!-- more:end -->", ""]
section = "\n".join(out)

text = open(a.out).read() if os.path.exists(a.out) else "# Benchmarks\n\n"
if "<!-- more:start -->" in text and "<!-- more:end -->" in text:
    head, rest = text.split("<!-- more:start -->", 1)
    _, tail = rest.split("<!-- more:end -->", 1)
    text = head + section + tail.lstrip("\n")
else:
    text = text.rstrip("\n") + "\n\n" + section
open(a.out, "w").write(text)
print(section)
