#!/bin/bash
# The cost of a change on the library's own awaits: two release builds of `asyncio`,
# copied to /tmp/asyncio-before and /tmp/asyncio-after, run alternately, 5 rounds per
# workload; prints "workload build ops_per_sec" per run (take the medians).
#   git worktree add /tmp/base BASE && (cd /tmp/base && swift build -c release --product asyncio)
#   cp /tmp/base/.build/release/asyncio /tmp/asyncio-before
#   swift build -c release --product asyncio && cp .build/release/asyncio /tmp/asyncio-after
set -euo pipefail
for w in yield spawn pingpong; do
  for r in 1 2 3 4 5; do
    for v in before after; do
      ops=$(/tmp/asyncio-$v bench --workload $w --json | python3 -c "import json,sys; print(json.load(sys.stdin)['ops_per_sec'])")
      echo "$w $v $ops"
    done
  done
done
