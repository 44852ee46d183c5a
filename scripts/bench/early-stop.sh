#!/usr/bin/env bash
# Early stop and the defaults of `reckon score`, measured side by side in one run on models/tiny:
#  1. all four test sets (10,000 puzzles) with and without early stop (batch 64, one thread for both):
#     tokens generated per set, wall time, and whether every verdict, error code and calculator
#     diagnosis (valid with a calculator, docs/rules.md section 7) agrees;
#  2. the README's main command (`reckon score`, no options) at the old defaults (--batch-size 1,
#     OpenBLAS's default of all cores, no early stop; given explicitly) and at the new ones, on the first
#     LIMIT puzzles of each N (default 50, so 500 puzzles: the old defaults can take minutes on a busy
#     machine, where two OpenBLAS threads wait for each other).
# Usage: scripts/bench/early-stop.sh [LIMIT]; with KEEP=DIR the four runs are kept in DIR (else deleted).
set -euo pipefail
cd "$(dirname "$0")/../.."
limit="${1:-50}"
swift build -c release --product reckon >/dev/null
reckon=.build/release/reckon
if [ -n "${KEEP:-}" ]; then
    work=$KEEP
    mkdir -p "$work"
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi

lscpu | grep 'Model name' || true
echo "cores: $(nproc); load before: $(uptime)"

timed() { # timed NAME ARGS...: runs reckon score, writes the wall seconds to $work/NAME.seconds
    local name=$1; shift
    local start end
    start=$EPOCHREALTIME
    "$reckon" score "$@" --out "$work/$name" >/dev/null 2>"$work/$name.log"
    end=$EPOCHREALTIME
    python3 -c "print($end - $start)" >"$work/$name.seconds"
}

timed early --batch-size 64 --threads 1
timed full --batch-size 64 --threads 1 --no-early-stop
timed new-defaults --limit "$limit"
timed old-defaults --limit "$limit" --batch-size 1 --threads "$(nproc)" --no-early-stop
echo "load after: $(uptime)"

python3 - "$work" "$limit" <<'PY'
import json, sys
work, limit = sys.argv[1], sys.argv[2]
def run(name): return json.load(open(f"{work}/{name}/run.json"))
def items(name): return [json.loads(line) for line in open(f"{work}/{name}/items.jsonl")]
def seconds(name): return float(open(f"{work}/{name}.seconds").read())

early, full = run("early"), run("full")
print("\n1. all four sets, batch 64, 1 thread: generated tokens (EOS included)")
print(f"{'set':<28} {'no early stop':>14} {'early stop':>11} {'saved':>7}")
totals = [0, 0]
for a, b in zip(full["results"]["sets"], early["results"]["sets"]):
    t_full, t_early = a["total"]["generated_tokens"], b["total"]["generated_tokens"]
    totals[0] += t_full; totals[1] += t_early
    print(f"{a['set']:<28} {t_full:>14,} {t_early:>11,} {1 - t_early / t_full:>7.1%}")
print(f"{'all':<28} {totals[0]:>14,} {totals[1]:>11,} {1 - totals[1] / totals[0]:>7.1%}")
s_full, s_early = seconds("full"), seconds("early")
print(f"wall time (load included): no early stop {s_full:.1f} s, early stop {s_early:.1f} s, "
      f"ratio {s_full / s_early:.2f}x")
a, b = items("full"), items("early")
same = sum(x["id"] == y["id"] and x["valid"] == y["valid"] and x["error"] == y["error"] for x, y in zip(a, b))
same_calculator = sum(x["id"] == y["id"] and x["calculator"] == y["calculator"] for x, y in zip(a, b))
prefix = sum(x["completion"].startswith(y["completion"]) for x, y in zip(a, b))
decided = sum(y["stop"] == "decided" for y in b)
print(f"verdicts and error codes equal: {same}/{len(a)}; calculator diagnoses equal: {same_calculator}/{len(a)}; "
      f"early-stopped completions that are prefixes "
      f"of the full ones: {prefix}/{len(a)}; stopped as decided: {decided}")

print(f"\n2. `reckon score` on the first {limit} puzzles of each N: old defaults vs new")
new, old = run("new-defaults"), run("old-defaults")
def describe(report):
    d = report["identity"]["backend"]["decoding"]
    threads = report["sessions"][-1]["environment"].get("threads")
    return f"batch {d['batch_size']}, threads {threads}, early stop {'on' if d.get('early_stop') else 'off'}"
s_old, s_new = seconds("old-defaults"), seconds("new-defaults")
print(f"old defaults ({describe(old)}): {s_old:.1f} s")
print(f"new defaults ({describe(new)}): {s_new:.1f} s")
print(f"ratio: {s_old / s_new:.1f}x")
PY
