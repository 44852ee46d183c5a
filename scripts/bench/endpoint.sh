#!/usr/bin/env bash
# reckon score on models/tiny, side by side in one run: the local backend (float32, one OpenBLAS thread) and
# the endpoint backend through `transformers serve` (float32, one torch thread, 127.0.0.1) at concurrency 1
# and 4; puzzles per second of wall time (loading included) and item-for-item agreement with the local run.
# Usage: scripts/bench/endpoint.sh [LIMIT]   (first LIMIT puzzles per N of every set; default 50 = 500 puzzles)
set -euo pipefail
cd "$(dirname "$0")/../.."
limit=${1:-50}
work=$(mktemp -d)
swift build -c release --product reckon >/dev/null
reckon=.build/release/reckon
source scripts/python-env.sh
read -r pid port <<<"$(scripts/serve-tiny.sh "" "$work/serve.log")"
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
endpoint="http://127.0.0.1:$port/v1"

echo "CPU: $(lscpu | grep 'Model name' | sed 's/.*: *//'); load before: $(uptime | sed 's/.*load average: //')"
timed() { # label directory command...
    local label=$1 dir=$2
    shift 2
    local start end
    start=$(date +%s.%N)
    "$@" --limit "$limit" --out "$dir" >/dev/null 2>"$dir.stderr" || { cat "$dir.stderr"; exit 1; }
    end=$(date +%s.%N)
    "$PYTHON" - "$label" "$dir" "$start" "$end" <<'PY'
import json, sys
label, directory, start, end = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
items = sum(1 for _ in open(f"{directory}/items.jsonl"))
print(f"{label:44s} {items} puzzles in {end - start:6.1f} s: {items / (end - start):6.2f} puzzles/s")
PY
}
timed "local backend (--threads 1)" "$work/local" $reckon score --model models/tiny --threads 1
timed "transformers serve, --concurrency 1" "$work/served-1" \
    $reckon score --endpoint "$endpoint" --served-model models/tiny --concurrency 1
timed "transformers serve, --concurrency 4" "$work/served-4" \
    $reckon score --endpoint "$endpoint" --served-model models/tiny --concurrency 4
echo "load after: $(uptime | sed 's/.*load average: //')"

"$PYTHON" - "$work/local" "$work/served-1" "$work/served-4" <<'PY'
import json, sys
def items(directory):
    return {item["id"]: item for item in map(json.loads, open(f"{directory}/items.jsonl"))}
local = items(sys.argv[1])
for directory in sys.argv[2:]:
    served = items(directory)
    fields = ("completion", "generated_tokens", "stop", "valid", "error")
    same = sum(all(served[i][f] == local[i][f] for f in fields) for i in local)
    verdicts = sum(served[i]["valid"] == local[i]["valid"] and served[i]["error"] == local[i]["error"] for i in local)
    first_line = sum(served[i]["completion"].split("\n")[0] == local[i]["completion"].split("\n")[0] for i in local)
    name = directory.rsplit("/", 1)[1]
    print(f"{name}: {same}/{len(local)} identical records, {verdicts}/{len(local)} same verdicts, "
          f"{first_line}/{len(local)} same first lines; pass@1 local {sum(i['valid'] for i in local.values())}, "
          f"served {sum(i['valid'] for i in served.values())}")
    for i in local:
        if any(served[i][f] != local[i][f] for f in fields):
            print("  differs:", i, {f: (local[i][f], served[i][f]) for f in fields if served[i][f] != local[i][f]})
PY
