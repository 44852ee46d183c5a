#!/usr/bin/env bash
# Puzzle-engine throughput on this machine, printed side by side in one run:
#   - Reckon in process (generation of training JSONL, verification), one core;
#   - the `reckon` binary end to end (generate --set train, verify), pinned to one core;
#   - the peer: reasoning-gym's countdown generator and scorer (PyPI reasoning-gym), in a throwaway venv.
# Usage: scripts/bench/puzzles.sh [PUZZLES]   (default 1000000)
set -euo pipefail
cd "$(dirname "$0")/../.."
count=${1:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

swift build -c release >/dev/null
bin=.build/release
pin="taskset -c 0"
command -v taskset >/dev/null || pin=""

echo "== Reckon, in process (one thread) =="
$pin $bin/reckon-benchmarks "$count"

# Rates from the child's own CPU time (user+sys), robust on a shared machine, and from wall time.
rate() { # label items command...
    python3 - "$@" <<'PY'
import resource, subprocess, sys, time
label, items, command = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
wall = time.perf_counter()
subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
wall = time.perf_counter() - wall
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = usage.ru_utime + usage.ru_stime
print(f"{label:<40} {items:>10d} items  {items / cpu:>12.0f} /CPU-s  {items / wall:>12.0f} /s wall")
PY
}

echo "== Reckon, the reckon binary end to end (pinned to one core) =="
rate "reckon generate --set train" "$count" $pin $bin/reckon generate --set train --count "$count" --out "$work/train.jsonl"
python3 - "$work/train.jsonl" "$work/completions.jsonl" <<'PY'
import json, sys
with open(sys.argv[1]) as src, open(sys.argv[2], "w") as dst:
    for i, line in enumerate(src):
        item = json.loads(line)
        completion = item["response"]
        if i % 4 == 1: completion = completion.rsplit(", ", 1)[0]
        if i % 4 == 3: completion = completion.replace("=", "=1")
        dst.write(json.dumps({"prompt": item["prompt"], "completion": completion}) + "\n")
PY
rate "reckon verify (JSONL in, verdicts out)" "$count" $pin $bin/reckon verify --in "$work/completions.jsonl" --out "$work/verdicts.jsonl"

echo "== Peer: reasoning-gym 0.1.25 countdown (one process) =="
python3 -m venv "$work/rg-venv"
"$work/rg-venv/bin/pip" install -q reasoning-gym==0.1.25 2>/dev/null
$pin "$work/rg-venv/bin/python" - <<'PY'
import time, reasoning_gym as rg
def rate(label, fn, n):
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    w, c = time.perf_counter() - w, time.process_time() - c
    print(f"{label:<40} {n:>10d} items  {n / c:>12.0f} /CPU-s  {n / w:>12.0f} /s wall")
    return out
n = 2000
# The configuration closest to the paper's puzzle: 5 numbers, + - * /, values 1...60.
cfg = dict(min_numbers=5, max_numbers=5, min_value=1, max_value=60)
ds = rg.create_dataset("countdown", size=n, seed=42, **cfg)
items = rate("reasoning-gym countdown generate", lambda: [ds[i] for i in range(n)], n)
answers = [e["answer"] if i % 2 == 0 else "1+2" for i, e in enumerate(items)]
rate("reasoning-gym countdown score", lambda: [ds.score_answer(a, e) for a, e in zip(answers, items)], n)
PY
