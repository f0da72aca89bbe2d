#!/usr/bin/env bash
# The two subprocess workloads (issue 10), ours beside CPython asyncio and uvloop, REPS
# rounds interleaved (each round: every runtime × both workloads), one JSON line per run
# with the 1-minute load average before it and the compilers running after it added. Needs a release build:
#   swift build -c release --product asyncio
#   REPS=3 Benchmarks/scripts/processes_run.sh > /tmp/processes.jsonl
set -euo pipefail
cd "$(dirname "$0")/../.."
REPS=${REPS:-3}
BIN=${BIN:-.build/release/asyncio}
PY=Benchmarks/scripts/processes.py
load() { cut -d' ' -f1 /proc/loadavg; }
# Compilers running on the machine (another build in parallel makes a run noisy).
busy() { ps -eo comm | grep -cE '^(swift-frontend|swift-build|swiftc|clang|ld)' || true; }
tag() { python3 -c 'import json,sys; d=json.loads(sys.argv[1]); d["load1"]=float(sys.argv[2]); d["rep"]=int(sys.argv[3]); d["compilers"]=int(sys.argv[4]); print(json.dumps(d))' "$1" "$2" "$3" "$(busy)"; }
for rep in $(seq 1 "$REPS"); do
  for w in processes pipe_throughput; do
    l=$(load); tag "$("$BIN" bench --workload "$w" --json)" "$l" "$rep"
    l=$(load); tag "$(python3 "$PY" --loop asyncio --workload "$w")" "$l" "$rep"
    l=$(load); tag "$(python3 "$PY" --loop uvloop --workload "$w")" "$l" "$rep"
  done
done
