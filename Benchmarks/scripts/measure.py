#!/usr/bin/env python3
"""Run one `asyncio bench ... --json` measurement under bench.py's noise control.

    python3 measure.py [--wait-quiet] [--timeout S] -- CMD ARGS...

Prints the command's JSON line with bench.py's `foreign_load` (cores other processes used
while the command ran) and `quiet_wait_s` added, measured exactly as bench.py measures
its own runs (its `wait_quiet` and `ForeignLoad`, imported from the peers folder: env
PEERS, default /work/shared/peers).
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.environ.get("PEERS", "/work/shared/peers"))
import bench  # noqa: E402

ap = argparse.ArgumentParser()
ap.add_argument("--wait-quiet", action="store_true")
ap.add_argument("--timeout", type=float, default=600)
ap.add_argument("cmd", nargs=argparse.REMAINDER)
a = ap.parse_args()
cmd = a.cmd[1:] if a.cmd[:1] == ["--"] else a.cmd
if not cmd:
    sys.exit("measure.py: no command")

waited = bench.wait_quiet() if a.wait_quiet else 0.0
with bench.ForeignLoad() as fl:
    # subprocess.run waits for the child, so its CPU time counts as ours, not foreign.
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=a.timeout)
if p.returncode != 0 or not p.stdout.strip():
    sys.exit(f"measure.py: {cmd} failed ({p.returncode}): {p.stderr.strip()[-500:]}")
out = json.loads(p.stdout.strip().splitlines()[-1])
out.update(foreign_load=fl.cores, quiet_wait_s=waited)
print(json.dumps(out), flush=True)
